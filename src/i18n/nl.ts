import { expiryTexts } from './expiry-texts.js';
import { noticeSmsTexts } from './notice-sms-texts.js';
import { smsSettingsTexts } from './sms-settings-texts.js';
import { directoryTexts } from './directory-texts.js';
import { helpdeskActionTexts } from './helpdesk-action-texts.js';
import type { MessageKey } from './en.js';
import { methodTexts } from '../methods/registry.js';
import { nlAdmin } from './nl-admin.js';
import { nlSecurityInfo } from './nl-security-info.js';
import { nlUserActions } from './nl-user-actions.js';
import { nlHelpdesk } from './nl-helpdesk.js';
import { reportTexts } from './reports-texts.js';
import { portalTexts } from './portal-texts.js';
import { outboxTexts } from './outbox-texts.js';

/** Dutch messages. `satisfies` makes a missing or extra key a compile error. */
export const nl = {
  'site.name': 'OpenSSPR',
  'site.skip': 'Direct naar de inhoud',
  'site.language': 'Taal',
  'signin.title': 'Aanmelden',
  'signin.intro': 'Meld u aan met uw werk- of schoolaccount.',
  'signin.username': 'E-mailadres',
  'signin.username.hint': 'Bijvoorbeeld iemand@contoso.example',
  'signin.password': 'Wachtwoord',
  'signin.submit': 'Aanmelden',
  'signin.error.INVALID_CREDENTIALS':
    'Uw account of wachtwoord is onjuist. Als u uw wachtwoord niet meer weet, {link}.',
  'signin.error.INVALID_CREDENTIALS.reset': 'stel het dan nu opnieuw in',
  'signin.error.ACCOUNT_LOCKED':
    'Uw account is tijdelijk vergrendeld om onbevoegd gebruik te voorkomen. Probeer het later opnieuw en neem contact op met uw beheerder als het probleem blijft.',
  'signin.error.ACCOUNT_DISABLED': 'Uw account is uitgeschakeld. Neem contact op met uw beheerder.',
  'signin.error.RATE_LIMITED': 'Te veel aanmeldpogingen. Wacht een minuut en probeer het dan opnieuw.',
  'signin.error.SERVICE_BUSY': 'Het is nu erg druk. Wacht even en probeer het opnieuw.',
  'signin.error.CSRF_INVALID': 'Het formulier is verlopen. Probeer het opnieuw.',
  'signin.error.VALIDATION_FAILED': 'Vul uw gebruikersnaam en uw wachtwoord in.',
  'signin.signedOut': 'U bent afgemeld.',
  'account.title': 'Mijn account',
  'account.signedInAs': 'Aangemeld als {name} ({upn})',
  'account.signout': 'Afmelden',
  'account.change.title': 'Wachtwoord wijzigen',
  'account.forceChange.directoryNotice':
    'U moet uw wachtwoord bijwerken: de directory van uw organisatie vereist een nieuw wachtwoord (het is opnieuw ingesteld of verlopen). Kies een nieuw wachtwoord om verder te gaan: tot die tijd opent niets anders.',
  'account.forceChange.notice':
    'Uw beheerder heeft uw wachtwoord opnieuw ingesteld. Kies een nieuw wachtwoord om verder te gaan: tot die tijd opent niets anders.',
  'account.change.intro': 'Uw nieuwe wachtwoord moet:',
  'rules.length': '{min} tot {max} tekens hebben',
  'rules.classes': 'ten minste drie gebruiken van: kleine letters, hoofdletters, cijfers, symbolen',
  'rules.characters': 'alleen letters A-Z, cijfers, spaties en gangbare symbolen gebruiken',
  'rules.anyCharacters': 'mag alle tekens gebruiken: een paar losse woorden vormen een sterke wachtzin',
  'rules.common': 'geen veelgebruikte woorden, uw naam of de naam van uw organisatie bevatten',
  'rules.match': 'twee keer hetzelfde worden getypt',
  'account.change.current': 'Huidig wachtwoord',
  'account.change.new': 'Nieuw wachtwoord',
  'account.change.confirm': 'Nieuw wachtwoord bevestigen',
  'account.change.submit': 'Wachtwoord wijzigen',
  'account.change.done': 'Uw wachtwoord is gewijzigd. Uw andere sessies zijn afgemeld.',
  'account.change.mismatch': 'De nieuwe wachtwoorden komen niet overeen.',
  'account.change.failed': 'Uw wachtwoord is niet gewijzigd.',
  'account.change.error.INVALID_CURRENT_PASSWORD': 'Uw huidige wachtwoord is onjuist.',
  'account.change.error.ACCOUNT_LOCKED':
    'Uw account is tijdelijk vergrendeld om onbevoegd gebruik te voorkomen. Probeer het later opnieuw en neem contact op met uw beheerder als het probleem blijft.',
  'account.change.error.PASSWORD_NOT_MANAGED_HERE':
    'Uw wachtwoord wordt beheerd door de on-premises directory van uw organisatie. Wijzig het daar of neem contact op met uw beheerder.',
  'account.change.error.SERVICE_BUSY': 'Het is nu erg druk. Wacht even en probeer het opnieuw.',
  'account.change.error.CSRF_INVALID': 'Het formulier is verlopen. Probeer het opnieuw.',
  'account.change.error.VALIDATION_FAILED': 'Vul alle velden in.',
  'account.change.error.RATE_LIMITED': 'Te veel pogingen. Wacht een minuut en probeer het opnieuw.',
  'violation.PASSWORD_TOO_SHORT': 'Gebruik ten minste {minLength} tekens.',
  'violation.PASSWORD_TOO_LONG': 'Gebruik ten hoogste {maxLength} tekens.',
  'violation.PASSWORD_INVALID_CHARACTERS':
    'Gebruik alleen de letters A-Z en a-z, cijfers, spaties en deze symbolen: @ # $ % ^ & * - _ ! + = [ ] { } | \\ : \' , . ? / ` ~ " ( ) ; < >',
  'violation.PASSWORD_INSUFFICIENT_COMPLEXITY':
    'Gebruik ten minste {requiredClasses} hiervan: kleine letters, hoofdletters, cijfers, symbolen.',
  'violation.PASSWORD_SAME_AS_CURRENT': 'Uw nieuwe wachtwoord moet verschillen van uw huidige wachtwoord.',
  'violation.PASSWORD_BANNED':
    'Helaas bevat uw wachtwoord een woord, woordgroep of patroon waardoor het gemakkelijk te raden is. Probeer het opnieuw met een ander wachtwoord.',
  'violation.PASSWORD_BANNED_CUSTOM':
    'Helaas kunt u dat wachtwoord niet gebruiken, omdat het woorden of tekens bevat die door uw beheerder zijn geblokkeerd. Probeer het opnieuw met een ander wachtwoord.',
  'violation.PASSWORD_CONTAINS_PERSONAL_INFO': 'Kies een wachtwoord dat moeilijker te raden is.',
  'violation.PASSWORD_COMMON':
    'Dat wachtwoord is een van de meest gebruikte wachtwoorden, ook met cijfers of symbolen erbij. Kies iets dat moeilijker te raden is.',
  'violation.PASSWORD_BREACHED': 'Dat wachtwoord hebben we al te vaak gezien. Kies iets dat moeilijker te raden is.',
  'violation.PASSWORD_BREACH_CHECK_UNAVAILABLE':
    'We kunnen uw nieuwe wachtwoord nu niet controleren. Probeer het over een paar minuten opnieuw.',
  'error.title': 'Er is iets misgegaan',
  'error.back': 'Naar de aanmeldpagina',
  'notify.passwordChanged.subject': 'Wachtwoord van uw {tenant}-account gewijzigd',
  'notify.passwordChanged.body':
    'Hallo {name},\n\nHet wachtwoord van uw {tenant}-account {upn} is gewijzigd op {time} (UTC).\n\nAls u dit zelf hebt gedaan, kunt u dit bericht negeren. Zo niet, neem dan direct contact op met uw beheerder: iemand anders kent mogelijk uw wachtwoord.\n',
  // Beveiligingsgegevens en de registratieonderbreking (issue 4, UI).
  'account.securityInfo.link': 'Beveiligingsgegevens',
  'account.securityInfo.linkHint': 'De methoden waarmee u bewijst wie u bent als u uw wachtwoord opnieuw instelt.',
  'account.securityInfo.title': 'Beveiligingsgegevens',
  'account.securityInfo.intro': 'Met deze methoden bewijst u wie u bent als u uw wachtwoord bent vergeten.',
  'account.securityInfo.back': 'Terug naar mijn account',
  'account.securityInfo.summary':
    'Vereiste methoden voor wachtwoordherstel: {required}. Methoden die u hebt ingesteld: {count}.',
  'account.securityInfo.outOfScope':
    'Selfservice voor wachtwoordherstel is voor uw account niet ingeschakeld, dus deze methoden worden nog niet gebruikt.',
  'account.securityInfo.none': 'U hebt nog geen methoden ingesteld.',
  'account.securityInfo.yours': 'Uw methoden',
  'account.securityInfo.status.verified': 'Geverifieerd',
  'account.securityInfo.status.pending': 'Nog niet geverifieerd',
  'account.securityInfo.source.user': 'Door u toegevoegd',
  'account.securityInfo.source.admin': 'Door uw beheerder toegevoegd',
  'account.securityInfo.source.synced': 'Uit de directory van uw organisatie',
  'account.securityInfo.enterCode': 'Code invoeren',
  'account.securityInfo.enterCodeFor': 'De code invoeren voor {method}',
  'account.securityInfo.delete': 'Verwijderen',
  'account.securityInfo.deleteFor': '{method} verwijderen',
  'account.securityInfo.add.title': 'Een methode toevoegen',
  'account.securityInfo.add.nothing': 'U hebt alle methoden toegevoegd die uw organisatie toestaat.',
  'account.securityInfo.verify.title': 'Voer de code in',
  'account.securityInfo.verify.code': 'Code',
  'account.securityInfo.verify.submit': 'Verifiëren',
  'account.securityInfo.verify.resend': 'Een nieuwe code sturen',
  'account.securityInfo.verify.cancel': 'Terug naar beveiligingsgegevens',
  'account.securityInfo.stepUp.title': 'Bevestig uw wachtwoord',
  'account.securityInfo.stepUp.intro':
    'Voer voor uw veiligheid uw wachtwoord opnieuw in voordat u uw beveiligingsgegevens wijzigt.',
  'account.securityInfo.stepUp.password': 'Wachtwoord',
  'account.securityInfo.stepUp.submit': 'Wachtwoord bevestigen',
  'account.securityInfo.stepUp.orMethod': 'Of bewijs wie u bent met beveiligingsgegevens die u al hebt:',
  'account.securityInfo.stepUp.sendCode': 'Een code sturen naar {method}',
  'account.securityInfo.stepUp.useApp': 'Een code van {method} invoeren',
  'account.securityInfo.notice.verified': 'Uw methode is geverifieerd en klaar voor gebruik.',
  'account.securityInfo.notice.removed': 'De methode is verwijderd.',
  'account.securityInfo.notice.stepUp': 'Dank u. U kunt uw beveiligingsgegevens de komende 10 minuten wijzigen.',
  'account.securityInfo.notice.resent': 'We hebben een nieuwe code gestuurd.',
  'account.securityInfo.notice.confirmed': 'Bedankt voor het controleren van uw beveiligingsgegevens.',
  'account.securityInfo.failed': 'Uw beveiligingsgegevens zijn niet gewijzigd. Probeer het opnieuw.',
  'account.securityInfo.error.STEP_UP_REQUIRED': 'Voer voor uw veiligheid uw wachtwoord opnieuw in om verder te gaan.',
  'account.securityInfo.error.METHOD_NOT_FOUND': 'Die methode bestaat niet meer. Misschien is ze verwijderd.',
  'account.securityInfo.error.METHOD_TYPE_NOT_ALLOWED':
    'Uw organisatie staat niet toe dat u deze methode hier toevoegt of wijzigt.',
  'account.securityInfo.error.PASSWORD_NOT_MANAGED_HERE':
    'Uw wachtwoord wordt elders beheerd en kan hier niet worden gecontroleerd. Meld u af en weer aan om uw beveiligingsgegevens te wijzigen.',
  'account.securityInfo.error.METHOD_LIMIT_REACHED':
    'U hebt al het maximale aantal van deze methode. Verwijder er eerst een.',
  'account.securityInfo.error.CODE_INVALID': 'Die code klopt niet. Controleer de code en probeer het opnieuw.',
  'account.securityInfo.error.CODE_EXPIRED': 'Die code is verlopen. Vraag een nieuwe code aan en probeer het opnieuw.',
  'account.securityInfo.error.TOO_MANY_ATTEMPTS':
    'U hebt te vaak een verkeerde code ingevoerd. Vraag een nieuwe code aan en probeer het opnieuw.',
  'account.securityInfo.error.DELIVERY_FAILED': 'We konden de code niet versturen. Probeer het opnieuw.',
  'account.securityInfo.error.SEND_LIMIT_REACHED': 'We hebben u te veel codes gestuurd. Probeer het later opnieuw.',
  'account.securityInfo.error.PHONE_COUNTRY_NOT_ALLOWED':
    'Telefoonnummers uit dat land kunnen niet worden gebruikt. Gebruik een ander nummer.',
  'account.securityInfo.error.PHONE_TYPE_NOT_ALLOWED':
    'Dat nummer kan geen codes ontvangen. Gebruik een mobiel nummer, geen betaalnummer, gedeeld-tariefnummer, internetnummer (VoIP) of vast nummer.',
  'account.securityInfo.error.PHONE_INVALID':
    'Voer een geldig telefoonnummer in internationale notatie in, bijvoorbeeld +31 6 12345678.',
  'account.securityInfo.error.EMAIL_INVALID': 'Voer een geldig e-mailadres in, bijvoorbeeld iemand@voorbeeld.nl.',
  'account.securityInfo.error.QUESTION_UNKNOWN': 'Kies elke vraag uit de lijst.',
  'account.securityInfo.error.ANSWER_INVALID': 'Beantwoord elke gekozen vraag, met 3 tot 40 tekens per antwoord.',
  'account.securityInfo.error.ANSWER_REUSED': 'Gebruik voor elke vraag een ander antwoord.',
  'account.securityInfo.error.QUESTIONS_NOT_FOR_ADMINS':
    'Beheerders kunnen geen beveiligingsvragen gebruiken. Kies een andere methode.',
  'account.securityInfo.error.INVALID_CURRENT_PASSWORD': 'Uw wachtwoord is onjuist.',
  'account.securityInfo.error.INVALID_CREDENTIALS': 'Uw wachtwoord is onjuist.',
  'account.securityInfo.error.DIRECTORY_UNREACHABLE':
    'We kunnen de on-premises directory van uw organisatie nu niet bereiken om uw wachtwoord te controleren. Probeer het later opnieuw.',
  'account.securityInfo.error.DIRECTORY_MISCONFIGURED':
    'Uw wachtwoord kan niet worden gecontroleerd door een fout in de on-premises configuratie van uw organisatie. Neem contact op met uw beheerder.',
  'account.securityInfo.error.ACCOUNT_LOCKED':
    'Uw account is tijdelijk vergrendeld om onbevoegd gebruik te voorkomen. Probeer het later opnieuw en neem contact op met uw beheerder als het probleem blijft.',
  'account.securityInfo.error.RATE_LIMITED': 'Te veel pogingen. Wacht een minuut en probeer het opnieuw.',
  'account.securityInfo.error.SERVICE_BUSY': 'Het is nu erg druk. Wacht even en probeer het opnieuw.',
  'account.securityInfo.error.VALIDATION_FAILED': 'Vul alle velden in.',
  'interrupt.title': 'Zorg dat u de toegang tot uw account niet kwijtraakt!',
  'interrupt.intro':
    'Uw organisatie wil zeker weten dat u uw wachtwoord zelf opnieuw kunt instellen als u het ooit vergeet.',
  'interrupt.missing': 'Stel nu uw beveiligingsgegevens in. Dat duurt een minuut of twee.',
  'interrupt.register': 'Beveiligingsgegevens instellen',
  'interrupt.reconfirm': 'Controleer of deze beveiligingsgegevens nog kloppen:',
  'interrupt.looksGood': 'Ziet er goed uit',
  'interrupt.change': 'Beveiligingsgegevens wijzigen',
  'interrupt.skip': 'Nu overslaan',
  'interrupt.skipHint': 'We vragen het u opnieuw wanneer u zich de volgende keer aanmeldt.',
  // Beveiligingsgegevens (issue 4): verificatiecodes, wijzigingsberichten, vooraf gedefinieerde beveiligingsvragen.
  'securityInfo.stepUpCode.text':
    'Gebruik code {code} om te bevestigen dat u het bent bij {tenant}. De code is 5 minuten geldig.',
  'securityInfo.stepUpCode.subject': 'Beveiligingscode voor uw {tenant}-account',
  'securityInfo.changed.subject': 'Beveiligingsgegevens van uw {tenant}-account gewijzigd',
  'securityInfo.changed.text':
    'Hallo {name},\n\nDe beveiligingsgegevens van uw {tenant}-account {upn} zijn gewijzigd op {time} (UTC): {what} ({method}) wordt niet meer gebruikt om uw identiteit te verifiëren.\n\nAls u dit zelf hebt gedaan, kunt u dit bericht negeren. Zo niet, neem dan direct contact op met uw beheerder.\n',
  'securityInfo.changed.sms':
    'Uw {tenant}-account gebruikt dit nummer niet meer voor beveiligingsgegevens (gewijzigd {time} UTC). Was u dit niet? Neem contact op met uw beheerder.',
  'securityInfo.added.subject': 'Beveiligingsgegevens toegevoegd aan uw {tenant}-account',
  'securityInfo.added.text':
    'Hallo {name},\n\nEr zijn beveiligingsgegevens toegevoegd aan uw {tenant}-account {upn} op {time} (UTC): {what}. Die kunnen nu worden gebruikt om uw identiteit te verifiëren, ook om uw wachtwoord opnieuw in te stellen.\n\nAls u dit zelf hebt gedaan, kunt u dit bericht negeren. Zo niet, neem dan direct contact op met uw beheerder.\n',
  // Every verification method's texts, in its own folder (src/methods/<method>/<method>.texts.ts).
  ...methodTexts.nl,
  ...expiryTexts.nl,
  ...noticeSmsTexts.nl,
  ...smsSettingsTexts.nl,
  ...directoryTexts.nl,
  ...helpdeskActionTexts.nl,
  // The admin console (/admin), in its own file.
  ...nlAdmin,
  ...nlSecurityInfo,
  ...nlUserActions,
  ...nlHelpdesk,
  ...reportTexts.nl,
  // The portal off the happy path (issue 14), in its own file.
  ...portalTexts.nl,
  ...outboxTexts.nl,
  // Wachtwoordherstel (/passwordreset): de Nederlandse bewoording van Entra waar Entra die heeft.
  'reset.signinLink': 'Geen toegang tot uw account?',
  'reset.title': 'Terug naar uw account',
  'reset.supportCode': 'Ondersteuningscode',
  'reset.next': 'Volgende',
  'reset.cancel': 'Annuleren',
  'reset.start.heading': 'Wie bent u?',
  'reset.start.intro':
    'Begin met het invoeren van uw e-mailadres of gebruikersnaam om uw account te herstellen. Uw browser doet daarna een korte controle om te laten zien dat u geen robot bent.',
  'reset.start.username': 'E-mailadres of gebruikersnaam',
  'reset.start.username.hint': 'Voorbeeld: gebruiker@contoso.com',
  'reset.start.cancelled': 'U hebt het wachtwoordherstel geannuleerd. Er is niets gewijzigd.',
  'reset.captcha.legend': 'Bent u een robot?',
  'reset.captcha.waiting': 'Uw browser doet een korte controle. Dit duurt een paar seconden.',
  'reset.captcha.working': 'Uw browser wordt gecontroleerd… Dit duurt een paar seconden.',
  'reset.captcha.done': 'Controle voltooid. Kies Volgende om verder te gaan.',
  'reset.captcha.failed': 'De controle kon niet worden voltooid. Laad de pagina opnieuw om het nog eens te proberen.',
  'reset.captcha.unsupported':
    'Uw browser kan deze controle niet uitvoeren. Gebruik een recente browser en open deze site via het https-adres.',
  'reset.captcha.noscript':
    'Voor deze stap is JavaScript nodig: uw browser lost een kleine puzzel op om te laten zien dat u geen robot bent. Zet JavaScript aan voor deze site of gebruik een andere browser, en laad deze pagina daarna opnieuw. De rest van het wachtwoordherstel werkt zonder JavaScript.',
  'reset.intent.heading': 'Waarom hebt u problemen met aanmelden?',
  'reset.intent.reset': 'Ik ben mijn wachtwoord vergeten',
  'reset.intent.reset.hint':
    'Geen zorgen, we helpen u uw wachtwoord opnieuw in te stellen met de beveiligingsgegevens die u bij ons hebt geregistreerd.',
  'reset.intent.unlock': 'Ik weet mijn wachtwoord, maar kan me nog steeds niet aanmelden',
  'reset.intent.unlock.hint':
    'Dit kan gebeuren als u te vaak hebt geprobeerd u aan te melden met een onjuist wachtwoord. Als u deze optie kiest, behoudt u uw huidige wachtwoord en ontgrendelen we uw account, zodat u zich weer kunt aanmelden.',
  'reset.verify.step': 'Verificatiestap {step} van {total}',
  'reset.verify.choose': 'Kies de contactmethode die we voor de verificatie moeten gebruiken:',
  'reset.verify.none': 'U hebt geen beveiligingsgegevens meer die voor deze stap kunnen worden gebruikt.',
  'reset.method.phone.label': 'Voer uw telefoonnummer in',
  'reset.method.phone.hint': 'Het volledige nummer met landcode, bijvoorbeeld +31 6 12345678',
  'reset.code.label': 'Voer uw verificatiecode in',
  'reset.retry.note': 'Na een paar seconden nog niets ontvangen? Probeer het opnieuw of vraag uw beheerder om hulp.',
  'reset.retry.tryAgain': 'Opnieuw proberen',
  'reset.retry.contactAdmin': 'Contact opnemen met uw beheerder',
  'reset.contacted.heading': 'Er is contact opgenomen met uw beheerder',
  'reset.contacted.body':
    'We hebben een beheerder in uw organisatie gevraagd u te helpen uw wachtwoord opnieuw in te stellen.',
  'reset.contacted.link': 'Neem contact op met uw beheerder via de helpdesk van uw organisatie:',
  'reset.password.heading': 'Kies een nieuw wachtwoord',
  'reset.password.new': 'Voer een nieuw wachtwoord in',
  'reset.password.confirm': 'Bevestig het nieuwe wachtwoord',
  'reset.password.finish': 'Voltooien',
  'reset.password.unlockToo': 'Ook mijn account ontgrendelen',
  'reset.password.mismatch': 'De wachtwoorden komen niet overeen. Typ twee keer hetzelfde nieuwe wachtwoord.',
  'reset.password.empty': 'Voer een nieuw wachtwoord in.',
  'reset.unlock.heading': 'Uw account ontgrendelen',
  'reset.unlock.intro': 'U behoudt uw huidige wachtwoord. Kies Ontgrendelen en meld u daarna opnieuw aan.',
  'reset.unlock.submit': 'Ontgrendelen',
  'reset.done.reset': 'Uw wachtwoord is opnieuw ingesteld',
  'reset.done.reset.body': 'Ga naar de aanmeldpagina om u aan te melden met uw nieuwe wachtwoord.',
  'reset.done.unlock': 'Uw account is ontgrendeld',
  'reset.done.unlock.body': 'Meld u opnieuw aan met uw huidige wachtwoord.',
  'reset.done.signin': 'Aanmelden',
  'reset.restart.heading': 'Begin opnieuw',
  'reset.restart.body':
    'Dit wachtwoordherstel is verlopen, geannuleerd of al voltooid. Voor uw veiligheid kan het niet worden voortgezet.',
  'reset.restart.link': 'Opnieuw beginnen',
  'reset.unavailable.heading': 'We kunnen uw wachtwoord hier niet opnieuw instellen',
  'reset.failed': 'Er is iets misgegaan. Probeer het opnieuw.',
  'reset.error.CAPTCHA_INVALID':
    'De controle die laat zien dat u geen robot bent, is mislukt. Er start nu een nieuwe: wacht tot die klaar is en kies dan opnieuw Volgende.',
  'reset.start.missing': 'Voer uw e-mailadres of gebruikersnaam in.',
  'reset.error.VALIDATION_FAILED': 'Vul alle velden in en probeer het opnieuw.',
  'reset.error.SEND_LIMIT_REACHED':
    'We hebben te veel codes gestuurd. Probeer het later opnieuw of gebruik een andere methode.',
  'reset.error.CSRF_INVALID': 'Het formulier is verlopen. Probeer het opnieuw.',
  'reset.error.RATE_LIMITED': 'Te veel pogingen. Wacht een minuut en probeer het opnieuw.',
  'reset.error.SERVICE_BUSY': 'Het is nu erg druk. Wacht even en probeer het opnieuw.',
  'reset.error.INTENT_REQUIRED': 'Kies eerst waarom u problemen hebt met aanmelden.',
  'reset.error.INTENT_NOT_ALLOWED':
    'Ontgrendelen zonder nieuw wachtwoord is niet beschikbaar voor uw account. Kies Ik ben mijn wachtwoord vergeten.',
  'reset.error.ACCOUNT_NOT_LOCKED':
    'Uw account is niet vergrendeld, dus er is niets te ontgrendelen. Kunt u nog steeds niet aanmelden? Kies dan een nieuw wachtwoord.',
  'reset.error.METHOD_NOT_OFFERED': 'Die contactmethode kan niet worden gebruikt. Kies een andere.',
  'reset.error.GATE_ALREADY_PASSED': 'U bent al met die methode geverifieerd. Kies een andere.',
  'reset.error.CHALLENGE_REQUIRED': 'Kies eerst een contactmethode en vraag een code aan.',
  'reset.error.GATES_INCOMPLETE': 'Voltooi eerst de verificatiestappen.',
  'reset.error.PHONE_MISMATCH':
    'Het telefoonnummer dat u hebt ingevoerd, komt niet overeen met het nummer dat bij ons bekend is. Controleer het en probeer het opnieuw.',
  'reset.error.ANSWER_WRONG': 'Een of meer antwoorden zijn niet juist. Beantwoord deze vragen opnieuw.',
  'reset.error.CALL_NOT_ANSWERED':
    'We hebben nog niets van u gehoord. Neem de oproep aan en druk op #, en kies dan Ik heb de oproep beantwoord.',
  'reset.error.CODE_INVALID': 'Die code is niet juist. Controleer de code en probeer het opnieuw.',
  'reset.error.CODE_EXPIRED': 'Die code is verlopen. Kies Opnieuw proberen om een nieuwe code te krijgen.',
  'reset.error.TOO_MANY_ATTEMPTS':
    'Te veel onjuiste pogingen. Kies Opnieuw proberen voor een nieuwe code of gebruik een andere methode.',
  'reset.error.DELIVERY_FAILED': 'We kunnen u nu niet bereiken. Probeer het opnieuw of gebruik een andere methode.',
  'reset.error.SSPR_BLOCKED':
    'U hebt het te vaak geprobeerd. Voor uw veiligheid kunt u het opnieuw proberen na {retryAt}.',
  'reset.error.SSPR_UNAVAILABLE':
    'Uw wachtwoord kan nu niet opnieuw worden ingesteld. Neem contact op met uw beheerder.',
  'reset.ineligible.SSPR_0009':
    'Uw beheerder heeft wachtwoordherstel voor uw organisatie uitgeschakeld. Neem contact op met uw beheerder.',
  'reset.ineligible.SSPR_0010':
    'Uw wachtwoord wordt beheerd door de on-premises directory van uw organisatie en kan hier nu niet opnieuw worden ingesteld. Neem contact op met uw beheerder.',
  'reset.ineligible.SSPR_0011':
    'Uw organisatie heeft geen beleid voor wachtwoordherstel ingesteld. Neem contact op met uw beheerder.',
  'reset.ineligible.SSPR_0012':
    'Uw organisatie heeft niet de licenties die nodig zijn voor wachtwoordherstel. Neem contact op met uw beheerder.',
  'reset.ineligible.SSPR_0013':
    'U bent geen lid van een groep waarvoor wachtwoordherstel is ingeschakeld. Neem contact op met uw beheerder.',
  'reset.ineligible.SSPR_0014':
    'Er zijn aanvullende beveiligingsgegevens nodig om uw wachtwoord opnieuw in te stellen. Neem contact op met uw beheerder en registreer uw beveiligingsgegevens zodra u zich kunt aanmelden.',
  'reset.ineligible.SSPR_0029':
    'We kunnen uw wachtwoord niet opnieuw instellen door een fout in de on-premises configuratie van uw organisatie. Neem contact op met uw beheerder.',
  'reset.ineligible.SSPR_0030':
    'We kunnen uw wachtwoord nu niet opnieuw instellen door een slechte verbinding met de on-premises directory van uw organisatie. Probeer het later opnieuw.',
  // Selfservice voor wachtwoordherstel (issue 6): codes, oproepen en meldingen van de herstelprocedure.
  'reset.notify.user.subject': 'Uw wachtwoord voor {tenant} is opnieuw ingesteld',
  'reset.notify.user.body':
    'Hallo {name},\n\nHet wachtwoord van uw {tenant}-account {upn} is op {time} (UTC) opnieuw ingesteld via selfservice voor wachtwoordherstel.\n\nHebt u dit zelf gedaan, dan kunt u dit bericht negeren. Zo niet, neem dan direct contact op met uw beheerder.\n',
  'reset.notify.unlock.subject': 'Uw {tenant}-account is ontgrendeld',
  'reset.notify.unlock.body':
    'Hallo {name},\n\nUw {tenant}-account {upn} is op {time} (UTC) ontgrendeld via selfservice. Uw wachtwoord is niet gewijzigd.\n\nHebt u dit niet zelf gedaan, neem dan direct contact op met uw beheerder.\n',
  'reset.notify.admins.subject': 'Wachtwoord van beheerder opnieuw ingesteld: {upn}',
  'reset.notify.admins.body':
    'Hallo,\n\nDe beheerder {name} ({upn}) van {tenant} heeft op {time} (UTC) het eigen wachtwoord opnieuw ingesteld via selfservice voor wachtwoordherstel.\n\nAls dit niet verwacht was, controleer het account dan direct.\n',
  'reset.contact.subject': 'Verzoek om wachtwoordherstel voor {upn}',
  'reset.contact.body':
    'Hallo,\n\nDe gebruiker {upn} van {tenant} kon het wachtwoord niet zelf opnieuw instellen en vraagt een beheerder om hulp (ondersteuningscode {supportCode}, {time} UTC).\n\nControleer de identiteit van de gebruiker voordat u het wachtwoord opnieuw instelt.\n',
  // On-premises directory: writeback messages and the connection status (issue 7, dirconn).
  'directory.reason.tooShort':
    'De on-premises directory van uw organisatie vraagt een langer wachtwoord. Kies een langer wachtwoord en probeer het opnieuw.',
  'directory.reason.inHistory':
    'U hebt dit wachtwoord onlangs gebruikt. De on-premises directory van uw organisatie staat het niet opnieuw toe; kies een ander wachtwoord.',
  'directory.reason.insufficientQuality':
    'De on-premises directory van uw organisatie vindt dit wachtwoord te eenvoudig. Kies een sterker wachtwoord en probeer het opnieuw.',
  'directory.reason.tooYoung':
    'Uw wachtwoord is te kort geleden gewijzigd. De on-premises directory van uw organisatie staat nog geen nieuwe wijziging toe; probeer het later opnieuw.',
  'directory.reason.mustSupplyOldPassword':
    'De on-premises directory van uw organisatie heeft uw huidige wachtwoord nodig voor deze wijziging. Neem contact op met uw beheerder.',
  'directory.reason.protectedAccount':
    'Om veiligheidsredenen kan het wachtwoord van dit account hier niet opnieuw worden ingesteld of ontgrendeld. Neem contact op met uw beheerder.',
  'directory.reason.changeNotAllowed':
    'De on-premises directory van uw organisatie staat niet toe dat u dit wachtwoord zelf wijzigt. Neem contact op met uw beheerder.',
  'directory.reason.accountLocked':
    'Uw on-premises account is vergrendeld. Stel uw wachtwoord opnieuw in om het te ontgrendelen, of neem contact op met uw beheerder.',
  'directory.reason.accountDisabled':
    'Uw on-premises account is door uw beheerder uitgeschakeld en kan hier daarom niet opnieuw worden ingesteld of ontgrendeld. Neem contact op met uw beheerder.',
  'directory.reason.passwordExpired':
    'Uw on-premises wachtwoord is verlopen. Stel het opnieuw in via Ik ben mijn wachtwoord vergeten.',
  'directory.reason.changeAfterReset':
    'Uw on-premises wachtwoord moet worden gewijzigd voordat u verder kunt. Stel het opnieuw in via Ik ben mijn wachtwoord vergeten.',
  'directory.reason.rejected':
    'De on-premises directory van uw organisatie heeft dit wachtwoord niet geaccepteerd. Het is mogelijk te kort, te eenvoudig of eerder gebruikt. Kies een ander wachtwoord.',
  'reset.error.DIRECTORY_POLICY_REJECTED':
    'De on-premises directory van uw organisatie heeft dit wachtwoord niet geaccepteerd. Kies een ander wachtwoord.',
  'reset.error.DIRECTORY_UNREACHABLE':
    'We kunnen uw wachtwoord nu niet opnieuw instellen door een slechte verbinding met de on-premises directory van uw organisatie. Probeer het later opnieuw.',
  'reset.error.DIRECTORY_MISCONFIGURED':
    'We kunnen uw wachtwoord niet opnieuw instellen door een fout in de on-premises configuratie van uw organisatie. Neem contact op met uw beheerder.',
  'reset.error.INVALID_CURRENT_PASSWORD': 'Uw huidige wachtwoord is onjuist.',
  'reset.error.ON_PREMISES_SUCCESS_CLOUD_FAILURE':
    'Uw wachtwoord is opnieuw ingesteld, maar het duurt een paar minuten voordat de wijziging in de cloud is doorgevoerd. Selecteer over een paar minuten nogmaals Voltooien.',
  'account.change.error.DIRECTORY_POLICY_REJECTED':
    'De on-premises directory van uw organisatie heeft dit wachtwoord niet geaccepteerd. Kies een ander wachtwoord.',
  'account.change.error.DIRECTORY_UNREACHABLE':
    'We kunnen uw wachtwoord nu niet wijzigen door een slechte verbinding met de on-premises directory van uw organisatie. Probeer het later opnieuw.',
  'account.change.error.DIRECTORY_MISCONFIGURED':
    'We kunnen uw wachtwoord niet wijzigen door een fout in de on-premises configuratie van uw organisatie. Neem contact op met uw beheerder.',
  'account.change.error.ON_PREMISES_SUCCESS_CLOUD_FAILURE':
    'Uw wachtwoord is gewijzigd, maar het duurt een paar minuten voordat de wijziging in de cloud is doorgevoerd. Probeer het over een paar minuten opnieuw.',
  'admin.onPremises.connection': 'Directoryverbinding',
  'admin.onPremises.lastTest': 'Laatste test',
  'admin.onPremises.neverTested': 'Deze verbinding is nog niet getest.',
  'admin.onPremises.status.ok': 'Uw on-premises terugschrijfclient is actief.',
  'admin.onPremises.status.unreachable':
    'We kunnen nu geen verbinding maken met uw on-premises terugschrijfclient. Controleer of de directory vanaf deze service bereikbaar is.',
  'admin.onPremises.status.misconfigured':
    'We kunnen geen verbinding maken met uw on-premises terugschrijfclient omdat het terugschrijven van wachtwoorden niet goed is geconfigureerd ({reason}).',
  'admin.onPremises.status.untested':
    'Het terugschrijven van wachtwoorden is geconfigureerd. Test de verbinding om de status te zien.',
  'admin.onPremises.test': 'Verbinding testen',
  'admin.onPremises.remove': 'Verbinding verwijderen',
  'admin.onPremises.mode': 'Aanmeldmodus',
  'admin.onPremises.protectedGroups': 'Beschermde groepen',
  'signin.error.DIRECTORY_UNREACHABLE':
    'We kunnen uw wachtwoord nu niet controleren omdat de on-premises directory van uw organisatie niet bereikbaar is. Probeer het later opnieuw.',
  // Status van de on-premises agent (issue 7, item 5).
  'admin.onPremises.agent': 'On-premises agent',
  'admin.onPremises.agent.connected': 'Uw on-premises terugschrijfclient is actief.',
  'admin.onPremises.agent.notConnected':
    'We kunnen nu geen verbinding maken met uw on-premises terugschrijfclient. Controleer of de agent draait en deze service kan bereiken.',
  'admin.onPremises.agent.details': '{name} · versie {version} · laatste heartbeat {at}',
  'admin.onPremises.agent.never': 'nog geen heartbeat',
} as const satisfies Record<MessageKey, string>;
