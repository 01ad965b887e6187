/** English messages of helpdesk caller verification (issue #17 item 4), spread into the `en` catalogue. */
export const enHelpdesk = {
  'helpdesk.title': 'Verify the caller',
  'helpdesk.intro':
    'Before you reset a password or add a Temporary Access Pass, check that the caller is this user: send a code to one of their methods, or ask for a code from their authenticator app, and type what they read out.',
  'helpdesk.none': 'This user has no registered email, phone or authenticator app to check the caller with.',
  'helpdesk.verified': 'Verified at {time} UTC with {method} by {by}.',
  'helpdesk.notVerified': 'The caller has not been verified.',
  'helpdesk.send': 'Send a code',
  'helpdesk.sendTo': 'Send a code to',
  'helpdesk.sent': 'A code was sent to {display}. Ask the caller to read it out.',
  'helpdesk.method': 'Method',
  'helpdesk.code': 'Code the caller reads out',
  'helpdesk.check': 'Check the code',
  'helpdesk.done': 'The caller is verified.',
  'helpdesk.app': 'authenticator app',
  'helpdesk.error.CODE_INVALID': "That code isn't right.",
  'helpdesk.error.CODE_EXPIRED': 'The code has expired or no code was sent. Send a new one.',
  'helpdesk.error.TOO_MANY_ATTEMPTS': 'Too many wrong codes. Send a new one, or try the app again later.',
  'helpdesk.error.SEND_LIMIT_REACHED': 'Too many codes were sent. Try another method.',
  'helpdesk.error.DELIVERY_FAILED': "The code couldn't be sent. Try another method.",
  'helpdesk.error.METHOD_NOT_FOUND': 'That method is no longer registered.',
  'helpdesk.email.subject': 'Your {tenant} helpdesk verification code',
  'helpdesk.email.text':
    'Your {tenant} helpdesk asked to verify that you are {upn}. Read this code to the helpdesk agent: {code}\n\nThe code is valid for 5 minutes. If you are not talking to your helpdesk, do not share it.',
  'helpdesk.sms.text': 'Your {tenant} helpdesk code is {code}. Read it only to your helpdesk agent.',
} as const;
