import type { enSecurityInfo } from './en-security-info.js';

/** Dutch messages of the security-info overview (issue 14 item 4), spread into `nl`. */
export const nlSecurityInfo = {
  'securityInfo.count': 'U hebt {count} aanmeldmethoden.',
  'securityInfo.countOne': 'U hebt 1 aanmeldmethode.',
  'securityInfo.counting':
    'Telt mee voor registratie voor wachtwoordherstel: {registered} van de {required} vereist ({kinds}). Elk soort telt één keer mee, zodra het is geverifieerd en uw organisatie het toestaat.',
  'securityInfo.countingNone':
    'Telt mee voor registratie voor wachtwoordherstel: 0 van de {required} vereist. Een methode telt mee zodra ze is geverifieerd en uw organisatie haar toestaat.',
  'securityInfo.counts': 'Telt mee voor registratie',
  'securityInfo.countsNot': 'Telt niet mee voor registratie',
  'securityInfo.adminSet':
    'Ingesteld door uw beheerder. U kunt deze gebruiken om uw wachtwoord opnieuw in te stellen; alleen uw beheerder kan deze wijzigen of verwijderen.',
  'securityInfo.change': 'Wijzigen',
  'securityInfo.changeFor': '{method} wijzigen',
  'securityInfo.addPicker.title': 'Aanmeldmethode toevoegen',
  'securityInfo.addPicker.label': 'Welke methode wilt u toevoegen?',
  'securityInfo.addPicker.submit': 'Toevoegen',
  'securityInfo.addPicker.nothing': 'U hebt alle methoden toegevoegd die uw organisatie toestaat.',
  'securityInfo.change.title': '{method} wijzigen',
  'securityInfo.change.intro': 'Stel de nieuwe in. De huidige blijft tot de nieuwe is geverifieerd.',
  'securityInfo.change.introReplaced': 'Stel de nieuwe in. Die vervangt de huidige zodra u het formulier verstuurt.',
  'securityInfo.add.pageTitle': 'Aanmeldmethode toevoegen',
  'securityInfo.confirm.title': 'Aanmeldmethode verwijderen',
  'securityInfo.confirm.question': 'Weet u zeker dat u {method} wilt verwijderen?',
  'securityInfo.confirm.consequence': 'U kunt deze dan niet meer gebruiken om te bewijzen wie u bent.',
  'securityInfo.confirm.submit': 'Verwijderen',
  'securityInfo.confirm.cancel': 'Annuleren',
  'account.securityInfo.notice.changed': 'Uw aanmeldmethode is gewijzigd.',
} as const satisfies Record<keyof typeof enSecurityInfo, string>;
