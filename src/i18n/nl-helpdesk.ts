import type { enHelpdesk } from './en-helpdesk.js';

/** Dutch messages of helpdesk caller verification (issue #17 item 4), spread into the `nl` catalogue. */
export const nlHelpdesk = {
  'helpdesk.title': 'De beller verifiëren',
  'helpdesk.intro':
    'Controleer voordat u een wachtwoord opnieuw instelt of een tijdelijke toegangspas toevoegt of de beller deze gebruiker is: stuur een code naar een van de methoden, of vraag om een code uit de authenticator-app, en typ wat de beller voorleest.',
  'helpdesk.none':
    'Deze gebruiker heeft geen geregistreerd e-mailadres, telefoonnummer of authenticator-app om de beller mee te controleren.',
  'helpdesk.verified': 'Geverifieerd om {time} UTC met {method} door {by}.',
  'helpdesk.notVerified': 'De beller is niet geverifieerd.',
  'helpdesk.send': 'Code sturen',
  'helpdesk.sendTo': 'Code sturen naar',
  'helpdesk.sent': 'Er is een code gestuurd naar {display}. Vraag de beller die voor te lezen.',
  'helpdesk.method': 'Methode',
  'helpdesk.code': 'Code die de beller voorleest',
  'helpdesk.check': 'Code controleren',
  'helpdesk.done': 'De beller is geverifieerd.',
  'helpdesk.app': 'authenticator-app',
  'helpdesk.error.CODE_INVALID': 'Die code klopt niet.',
  'helpdesk.error.CODE_EXPIRED': 'De code is verlopen of er is geen code gestuurd. Stuur een nieuwe.',
  'helpdesk.error.TOO_MANY_ATTEMPTS': 'Te veel verkeerde codes. Stuur een nieuwe, of probeer de app later opnieuw.',
  'helpdesk.error.SEND_LIMIT_REACHED': 'Er zijn te veel codes gestuurd. Probeer een andere methode.',
  'helpdesk.error.DELIVERY_FAILED': 'De code kon niet worden verstuurd. Probeer een andere methode.',
  'helpdesk.error.METHOD_NOT_FOUND': 'Die methode is niet meer geregistreerd.',
  'helpdesk.email.subject': 'Uw verificatiecode voor de helpdesk van {tenant}',
  'helpdesk.email.text':
    'De helpdesk van {tenant} wil controleren dat u {upn} bent. Lees deze code voor aan de helpdeskmedewerker: {code}\n\nDe code is 5 minuten geldig. Spreekt u niet met uw helpdesk? Deel de code dan niet.',
  'helpdesk.sms.text': 'Uw helpdeskcode van {tenant} is {code}. Lees hem alleen voor aan uw helpdeskmedewerker.',
} as const satisfies Record<keyof typeof enHelpdesk, string>;
