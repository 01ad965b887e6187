/** English messages of the console user page's helpdesk panels (issue 14 item 5), spread into `en`. */
export const enUserActions = {
  'admin.user.methods.title': 'Authentication methods',
  'admin.user.methods.none': 'No authentication methods registered.',
  'admin.user.methods.kind': 'Method',
  'admin.user.methods.value': 'Detail (masked)',
  'admin.user.methods.status': 'Status',
  'admin.user.reset.title': 'Reset password',
  'admin.user.reset.intro':
    'A temporary password is created and shown once. The user must change it at the next sign-in, and their sessions end.',
  'admin.user.reset.submit': 'Reset password',
  'admin.user.reset.notAllowed': "Your role can't reset this user's password.",
  'admin.user.reset.doneTitle': 'Temporary password',
  'admin.user.reset.done':
    'The password of {upn} was reset. Give the user this temporary password; it is shown only now:',
  'admin.user.reset.forced': 'The user must change it at the next sign-in.',
  'admin.user.reset.back': 'Back to the user',
  'admin.user.reset.shownOnce':
    "The temporary password of {upn} was already shown, or the time to show it has passed; it isn't shown again. If the user didn't get it, reset the password again: the new one replaces it.",
  'admin.user.reset.again': 'Reset the password again',
  'admin.error.TARGET_TOO_PRIVILEGED': "Your role can't act on this user: they hold a more privileged role.",
  'admin.error.OWN_PASSWORD_RESET': 'Change your own password on My account, not here.',
  'admin.error.PASSWORD_NOT_MANAGED_HERE': "This user's password is managed in the on-premises directory.",
  'admin.shownOnce.notIssuedTitle': 'Nothing was changed',
  'admin.shownOnce.notIssued':
    "Nothing was changed: the service couldn't prepare to show the new secret once, because its store didn't answer. Try again in a moment.",
  'admin.shownOnce.tryAgain': 'Try again',
  'admin.shownOnce.notShownYet':
    "The secret can't be shown right now: the service's store didn't answer. It isn't lost. Reload this page in a moment, within {minutes} minutes of its creation, to see it; it is still shown only once.",
  'admin.shownOnce.reload': 'Reload this page',
} as const;
