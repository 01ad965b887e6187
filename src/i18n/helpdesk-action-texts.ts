/**
 * The helpdesk's actions on the console user page and the users list (issue #14 item 5): lockout and unlock,
 * deleting a method, requiring re-registration, the registration columns and filters; in every locale.
 */
export const helpdeskActionTexts = {
  en: {
    'helpdeskActions.lockout.title': 'Account lockout',
    'helpdeskActions.lockout.locked': 'Locked by smart lockout until {time} UTC.',
    'helpdeskActions.lockout.notLocked': 'Not locked by smart lockout.',
    'helpdeskActions.lockout.onPremLocked': 'The on-premises account is locked.',
    'helpdeskActions.lockout.onPremNotLocked': 'The on-premises account is not locked.',
    'helpdeskActions.lockout.onPremUnknown':
      "The on-premises directory couldn't be asked whether the account is locked.",
    'helpdeskActions.lockout.intro': 'Unlocking ends the lockout now. The password stays the same.',
    'helpdeskActions.lockout.unlock': 'Unlock account',
    'helpdeskActions.done.unlocked': 'The account of {upn} is unlocked.',
    'helpdeskActions.done.unlockedHere':
      'The account of {upn} is unlocked here. The on-premises account was not unlocked: password writeback is not available for this user.',
    'helpdeskActions.methods.actions': 'Action',
    'helpdeskActions.methods.delete': 'Delete',
    'helpdeskActions.methods.deleteLabel': 'Delete {method} {display}',
    'helpdeskActions.methods.count': 'Methods counted for password reset: {count} ({required} required).',
    'helpdeskActions.delete.title': 'Delete authentication method',
    'helpdeskActions.delete.confirm':
      'Delete {method} ({display}) of {upn}? The user can no longer use it to reset their password.',
    'helpdeskActions.delete.submit': 'Delete method',
    'helpdeskActions.done.methodDeleted': 'The method of {upn} was deleted.',
    'helpdeskActions.cancel': 'Cancel',
    'helpdeskActions.reregister.title': 'Require re-registration',
    'helpdeskActions.reregister.intro':
      'Removes the security info the user registered themselves and sends them to register again at their next sign-in. Information an administrator set stays.',
    'helpdeskActions.reregister.open': 'Require re-registration',
    'helpdeskActions.reregister.confirm':
      'Require {upn} to register their security info again? {count} method(s) they registered themselves will be removed.',
    'helpdeskActions.reregister.submit': 'Yes, require re-registration',
    'helpdeskActions.done.reregistrationRequired': '{upn} must register their security info again at the next sign-in.',
    'helpdeskActions.reregister.pending':
      'Re-registration required since {time} UTC; the user has not registered since.',
    'helpdeskActions.reregister.notice.subject': 'Register your {tenant} security info again',
    'helpdeskActions.reregister.notice.text':
      'Hello {name},\n\nAn administrator of {tenant} removed the security info you registered for {upn}. The next time you sign in, you will be asked to register it again.\n\nIf you did not ask your helpdesk for this, contact them.',
    'helpdeskActions.users.registered': 'Registered for SSPR',
    'helpdeskActions.users.capable': 'Capable of reset',
    'helpdeskActions.users.any': 'Any',
    'helpdeskActions.error.other': "That couldn't be done. Nothing was changed; try again.",
    'admin.error.FORBIDDEN': "Your role can't do this for this user.",
    'admin.error.USER_NOT_FOUND': 'This user no longer exists.',
    'admin.error.METHOD_NOT_FOUND': 'That method is no longer registered.',
    'admin.error.METHOD_TYPE_NOT_ALLOWED': 'This method comes from the on-premises directory. Change it there.',
    'admin.error.DIRECTORY_UNREACHABLE':
      "The on-premises directory can't be reached. Nothing was changed; try again later.",
    'admin.error.DIRECTORY_MISCONFIGURED':
      'The on-premises directory connection is not set up correctly. Nothing was changed.',
    'admin.error.DIRECTORY_POLICY_REJECTED': 'The on-premises directory refused the change.',
  },
  nl: {
    'helpdeskActions.lockout.title': 'Accountvergrendeling',
    'helpdeskActions.lockout.locked': 'Vergrendeld door slimme vergrendeling tot {time} UTC.',
    'helpdeskActions.lockout.notLocked': 'Niet vergrendeld door slimme vergrendeling.',
    'helpdeskActions.lockout.onPremLocked': 'Het on-premises account is vergrendeld.',
    'helpdeskActions.lockout.onPremNotLocked': 'Het on-premises account is niet vergrendeld.',
    'helpdeskActions.lockout.onPremUnknown':
      'De on-premises directory kon niet worden gevraagd of het account vergrendeld is.',
    'helpdeskActions.lockout.intro': 'Ontgrendelen beëindigt de vergrendeling direct. Het wachtwoord blijft hetzelfde.',
    'helpdeskActions.lockout.unlock': 'Account ontgrendelen',
    'helpdeskActions.done.unlocked': 'Het account van {upn} is ontgrendeld.',
    'helpdeskActions.done.unlockedHere':
      'Het account van {upn} is hier ontgrendeld. Het on-premises account is niet ontgrendeld: wachtwoord terugschrijven is voor deze gebruiker niet beschikbaar.',
    'helpdeskActions.methods.actions': 'Actie',
    'helpdeskActions.methods.delete': 'Verwijderen',
    'helpdeskActions.methods.deleteLabel': '{method} {display} verwijderen',
    'helpdeskActions.methods.count': 'Methoden die meetellen voor wachtwoordherstel: {count} ({required} vereist).',
    'helpdeskActions.delete.title': 'Verificatiemethode verwijderen',
    'helpdeskActions.delete.confirm':
      '{method} ({display}) van {upn} verwijderen? De gebruiker kan deze dan niet meer gebruiken om het wachtwoord opnieuw in te stellen.',
    'helpdeskActions.delete.submit': 'Methode verwijderen',
    'helpdeskActions.done.methodDeleted': 'De methode van {upn} is verwijderd.',
    'helpdeskActions.cancel': 'Annuleren',
    'helpdeskActions.reregister.title': 'Opnieuw registreren vereisen',
    'helpdeskActions.reregister.intro':
      'Verwijdert de beveiligingsgegevens die de gebruiker zelf heeft geregistreerd en laat de gebruiker bij de volgende aanmelding opnieuw registreren. Gegevens die een beheerder heeft ingesteld blijven staan.',
    'helpdeskActions.reregister.open': 'Opnieuw registreren vereisen',
    'helpdeskActions.reregister.confirm':
      'Moet {upn} de beveiligingsgegevens opnieuw registreren? {count} zelf geregistreerde methode(n) worden verwijderd.',
    'helpdeskActions.reregister.submit': 'Ja, opnieuw registreren vereisen',
    'helpdeskActions.done.reregistrationRequired':
      '{upn} moet bij de volgende aanmelding de beveiligingsgegevens opnieuw registreren.',
    'helpdeskActions.reregister.pending':
      'Opnieuw registreren vereist sinds {time} UTC; de gebruiker heeft sindsdien niets geregistreerd.',
    'helpdeskActions.reregister.notice.subject': 'Registreer uw beveiligingsgegevens voor {tenant} opnieuw',
    'helpdeskActions.reregister.notice.text':
      'Hallo {name},\n\nEen beheerder van {tenant} heeft de beveiligingsgegevens verwijderd die u voor {upn} had geregistreerd. Bij uw volgende aanmelding wordt u gevraagd ze opnieuw te registreren.\n\nHeeft u uw helpdesk hier niet om gevraagd? Neem dan contact met ze op.',
    'helpdeskActions.users.registered': 'Geregistreerd voor SSPR',
    'helpdeskActions.users.capable': 'Kan wachtwoord herstellen',
    'helpdeskActions.users.any': 'Alle',
    'helpdeskActions.error.other': 'Dat is niet gelukt. Er is niets gewijzigd; probeer het opnieuw.',
    'admin.error.FORBIDDEN': 'Uw rol mag dit niet doen voor deze gebruiker.',
    'admin.error.USER_NOT_FOUND': 'Deze gebruiker bestaat niet meer.',
    'admin.error.METHOD_NOT_FOUND': 'Die methode is niet meer geregistreerd.',
    'admin.error.METHOD_TYPE_NOT_ALLOWED': 'Deze methode komt uit de on-premises directory. Wijzig haar daar.',
    'admin.error.DIRECTORY_UNREACHABLE':
      'De on-premises directory is niet bereikbaar. Er is niets gewijzigd; probeer het later opnieuw.',
    'admin.error.DIRECTORY_MISCONFIGURED':
      'De verbinding met de on-premises directory is niet goed ingesteld. Er is niets gewijzigd.',
    'admin.error.DIRECTORY_POLICY_REJECTED': 'De on-premises directory heeft de wijziging geweigerd.',
  },
} as const;
