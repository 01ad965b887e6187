/** English messages of the security-info overview in My Sign-ins' shape (issue 14 item 4), spread into `en`. */
export const enSecurityInfo = {
  'securityInfo.count': 'You have {count} sign-in methods.',
  'securityInfo.countOne': 'You have 1 sign-in method.',
  'securityInfo.counting':
    'Counting toward password reset registration: {registered} of {required} required ({kinds}). Each kind counts once, when it is verified and your organization allows it.',
  'securityInfo.countingNone':
    'Counting toward password reset registration: 0 of {required} required. A method counts once it is verified and your organization allows it.',
  'securityInfo.counts': 'Counts toward registration',
  'securityInfo.countsNot': 'Does not count toward registration',
  'securityInfo.adminSet':
    'Set by your administrator. You can use it to reset your password; only your administrator can change or delete it.',
  'securityInfo.change': 'Change',
  'securityInfo.changeFor': 'Change {method}',
  'securityInfo.addPicker.title': 'Add sign-in method',
  'securityInfo.addPicker.label': 'Which method would you like to add?',
  'securityInfo.addPicker.submit': 'Add',
  'securityInfo.addPicker.nothing': 'You have added every method that your organization allows.',
  'securityInfo.change.title': 'Change {method}',
  'securityInfo.change.intro': 'Set up the new one. The current one stays until the new one is verified.',
  'securityInfo.change.introReplaced': 'Set up the new one. It replaces the current one as soon as you submit it.',
  'securityInfo.add.pageTitle': 'Add sign-in method',
  'securityInfo.confirm.title': 'Delete sign-in method',
  'securityInfo.confirm.question': 'Are you sure you want to delete {method}?',
  'securityInfo.confirm.consequence': 'You will no longer be able to use it to prove who you are.',
  'securityInfo.confirm.submit': 'Delete',
  'securityInfo.confirm.cancel': 'Cancel',
  'account.securityInfo.notice.changed': 'Your sign-in method was changed.',
} as const;
