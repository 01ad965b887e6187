import type { enUserActions } from './en-user-actions.js';

/** Dutch messages of the console user page's helpdesk panels (issue 14 item 5), spread into `nl`. */
export const nlUserActions = {
  'admin.user.methods.title': 'Verificatiemethoden',
  'admin.user.methods.none': 'Geen verificatiemethoden geregistreerd.',
  'admin.user.methods.kind': 'Methode',
  'admin.user.methods.value': 'Gegevens (gemaskeerd)',
  'admin.user.methods.status': 'Status',
  'admin.user.reset.title': 'Wachtwoord opnieuw instellen',
  'admin.user.reset.intro':
    'Er wordt een tijdelijk wachtwoord gemaakt dat één keer wordt getoond. De gebruiker moet het bij de volgende aanmelding wijzigen en wordt overal afgemeld.',
  'admin.user.reset.submit': 'Wachtwoord opnieuw instellen',
  'admin.user.reset.notAllowed': 'Met uw rol kunt u het wachtwoord van deze gebruiker niet opnieuw instellen.',
  'admin.user.reset.doneTitle': 'Tijdelijk wachtwoord',
  'admin.user.reset.done':
    'Het wachtwoord van {upn} is opnieuw ingesteld. Geef de gebruiker dit tijdelijke wachtwoord; het wordt alleen nu getoond:',
  'admin.user.reset.forced': 'De gebruiker moet het bij de volgende aanmelding wijzigen.',
  'admin.user.reset.back': 'Terug naar de gebruiker',
  'admin.user.reset.shownOnce':
    'Het tijdelijke wachtwoord van {upn} is al getoond, of de tijd om het te tonen is voorbij; het wordt niet opnieuw getoond. Heeft de gebruiker het niet gekregen, stel het wachtwoord dan opnieuw in: het nieuwe vervangt het.',
  'admin.user.reset.again': 'Het wachtwoord opnieuw instellen',
  'admin.error.TARGET_TOO_PRIVILEGED':
    'Met uw rol kunt u niets doen voor deze gebruiker: die heeft een rol met meer rechten.',
  'admin.error.OWN_PASSWORD_RESET': 'Wijzig uw eigen wachtwoord via Mijn account, niet hier.',
  'admin.error.PASSWORD_NOT_MANAGED_HERE':
    'Het wachtwoord van deze gebruiker wordt beheerd in de on-premises directory.',
  'admin.shownOnce.notIssuedTitle': 'Er is niets gewijzigd',
  'admin.shownOnce.notIssued':
    'Er is niets gewijzigd: de dienst kon het nieuwe geheim niet klaarzetten om één keer te tonen, omdat de opslag niet antwoordde. Probeer het zo opnieuw.',
  'admin.shownOnce.tryAgain': 'Opnieuw proberen',
  'admin.shownOnce.notShownYet':
    'Het geheim kan nu niet worden getoond: de opslag van de dienst antwoordde niet. Het is niet verloren. Laad deze pagina zo opnieuw, binnen {minutes} minuten nadat het is gemaakt, om het te zien; het wordt nog steeds maar één keer getoond.',
  'admin.shownOnce.reload': 'Deze pagina opnieuw laden',
} as const satisfies Record<keyof typeof enUserActions, string>;
