import { expiryTexts } from './expiry-texts.js';
import { noticeSmsTexts } from './notice-sms-texts.js';
import { smsSettingsTexts } from './sms-settings-texts.js';
import { directoryTexts } from './directory-texts.js';
import { helpdeskActionTexts } from './helpdesk-action-texts.js';
import { methodTexts } from '../methods/registry.js';
import { enAdmin } from './en-admin.js';
import { enSecurityInfo } from './en-security-info.js';
import { enUserActions } from './en-user-actions.js';
import { enHelpdesk } from './en-helpdesk.js';
import { reportTexts } from './reports-texts.js';
import { portalTexts } from './portal-texts.js';
import { outboxTexts } from './outbox-texts.js';
/** English messages: the reference catalogue. Every other locale must have exactly these keys. */
export const en = {
  'site.name': 'OpenSSPR',
  'site.skip': 'Skip to main content',
  'site.language': 'Language',
  'signin.title': 'Sign in',
  'signin.intro': 'Sign in with your work or school account.',
  'signin.username': 'Email address',
  'signin.username.hint': 'For example someone@contoso.example',
  'signin.password': 'Password',
  'signin.submit': 'Sign in',
  'signin.error.INVALID_CREDENTIALS':
    "Your account or password is incorrect. If you don't remember your password, {link}.",
  'signin.error.INVALID_CREDENTIALS.reset': 'reset it now',
  'signin.error.ACCOUNT_LOCKED':
    'Your account is temporarily locked to prevent unauthorized use. Try again later, and if you still have trouble, contact your admin.',
  'signin.error.ACCOUNT_DISABLED': 'Your account has been disabled. Contact your administrator.',
  'signin.error.RATE_LIMITED': 'Too many sign-in attempts. Wait a minute and try again.',
  'signin.error.SERVICE_BUSY': 'We are very busy right now. Wait a moment and try again.',
  'signin.error.CSRF_INVALID': 'The form expired. Please try again.',
  'signin.error.VALIDATION_FAILED': 'Enter your user name and your password.',
  'signin.signedOut': 'You have signed out.',
  'account.title': 'My account',
  'account.signedInAs': 'Signed in as {name} ({upn})',
  'account.signout': 'Sign out',
  'account.change.title': 'Change password',
  'account.forceChange.directoryNotice':
    "You need to update your password: your organisation's directory requires a new one (it was reset, or it has expired). Choose a new one to continue: until then, nothing else opens.",
  'account.forceChange.notice':
    'Your administrator reset your password. Choose a new one to continue: until then, nothing else opens.',
  'account.change.intro': 'Your new password must:',
  'rules.length': 'have {min} to {max} characters',
  'rules.classes': 'use at least three of: lowercase letters, uppercase letters, numbers, symbols',
  'rules.characters': 'use only letters A-Z, numbers, spaces and common symbols',
  'rules.anyCharacters': 'may use any characters: a few unrelated words make a strong passphrase',
  'rules.common': "not contain common words, your name or your organization's name",
  'rules.match': 'be typed the same twice',
  'account.change.current': 'Current password',
  'account.change.new': 'New password',
  'account.change.confirm': 'Confirm new password',
  'account.change.submit': 'Change password',
  'account.change.done': 'Your password has been changed. Your other sessions have been signed out.',
  'account.change.mismatch': 'The new passwords do not match.',
  'account.change.failed': 'Your password was not changed.',
  'account.change.error.INVALID_CURRENT_PASSWORD': 'Your current password is incorrect.',
  'account.change.error.ACCOUNT_LOCKED':
    'Your account is temporarily locked to prevent unauthorized use. Try again later, and if you still have trouble, contact your admin.',
  'account.change.error.PASSWORD_NOT_MANAGED_HERE':
    "Your password is managed by your organization's on-premises directory. Change it there or contact your administrator.",
  'account.change.error.SERVICE_BUSY': 'We are very busy right now. Wait a moment and try again.',
  'account.change.error.CSRF_INVALID': 'The form expired. Please try again.',
  'account.change.error.VALIDATION_FAILED': 'Fill in every field.',
  'account.change.error.RATE_LIMITED': 'Too many attempts. Wait a minute and try again.',
  'violation.PASSWORD_TOO_SHORT': 'Use at least {minLength} characters.',
  'violation.PASSWORD_TOO_LONG': 'Use at most {maxLength} characters.',
  'violation.PASSWORD_INVALID_CHARACTERS':
    'Use only letters A-Z and a-z, numbers, spaces and these symbols: @ # $ % ^ & * - _ ! + = [ ] { } | \\ : \' , . ? / ` ~ " ( ) ; < >',
  'violation.PASSWORD_INSUFFICIENT_COMPLEXITY':
    'Use at least {requiredClasses} of these: lowercase letters, uppercase letters, numbers, symbols.',
  'violation.PASSWORD_SAME_AS_CURRENT': 'Your new password must be different from your current password.',
  'violation.PASSWORD_BANNED':
    'Unfortunately, your password contains a word, phrase, or pattern that makes your password easily guessable. Please try again with a different password.',
  'violation.PASSWORD_BANNED_CUSTOM':
    "Unfortunately, you can't use that password because it contains words or characters that have been blocked by your administrator. Please try again with a different password.",
  'violation.PASSWORD_CONTAINS_PERSONAL_INFO': "Choose a password that's harder for people to guess.",
  'violation.PASSWORD_COMMON':
    'That password is one of the most commonly used passwords, even with numbers or symbols added. Choose something harder to guess.',
  'violation.PASSWORD_BREACHED': "We've seen that password too many times before. Choose something harder to guess.",
  'violation.PASSWORD_BREACH_CHECK_UNAVAILABLE':
    "We can't check your new password right now. Please try again in a few minutes.",
  'error.title': 'Something went wrong',
  'error.back': 'Go to the sign-in page',
  'notify.passwordChanged.subject': '{tenant} account password changed',
  'notify.passwordChanged.body':
    'Hello {name},\n\nThe password of your {tenant} account {upn} was changed on {time} (UTC).\n\nIf you did this, you can ignore this message. If you did not, contact your administrator at once: someone else may know your password.\n',
  // Security info pages and the registration interrupt (issue 4, UI).
  'account.securityInfo.link': 'Security info',
  'account.securityInfo.linkHint': 'The methods you use to prove who you are when you reset your password.',
  'account.securityInfo.title': 'Security info',
  'account.securityInfo.intro': 'These are the methods you use to prove who you are when you forget your password.',
  'account.securityInfo.back': 'Back to my account',
  'account.securityInfo.summary': 'Methods required for password reset: {required}. Methods you have set up: {count}.',
  'account.securityInfo.outOfScope':
    'Self-service password reset is not turned on for your account, so these methods are not used yet.',
  'account.securityInfo.none': 'You have not set up any methods yet.',
  'account.securityInfo.yours': 'Your methods',
  'account.securityInfo.status.verified': 'Verified',
  'account.securityInfo.status.pending': 'Not verified yet',
  'account.securityInfo.source.user': 'Added by you',
  'account.securityInfo.source.admin': 'Added by your administrator',
  'account.securityInfo.source.synced': "From your organization's directory",
  'account.securityInfo.enterCode': 'Enter code',
  'account.securityInfo.enterCodeFor': 'Enter the code for {method}',
  'account.securityInfo.delete': 'Delete',
  'account.securityInfo.deleteFor': 'Delete {method}',
  'account.securityInfo.add.title': 'Add a method',
  'account.securityInfo.add.nothing': 'You have added every method that your organization allows.',
  'account.securityInfo.verify.title': 'Enter the code',
  'account.securityInfo.verify.code': 'Code',
  'account.securityInfo.verify.submit': 'Verify',
  'account.securityInfo.verify.resend': 'Send a new code',
  'account.securityInfo.verify.cancel': 'Back to security info',
  'account.securityInfo.stepUp.title': 'Confirm your password',
  'account.securityInfo.stepUp.intro':
    'For your security, enter your password again before you change your security info.',
  'account.securityInfo.stepUp.password': 'Password',
  'account.securityInfo.stepUp.submit': 'Confirm password',
  'account.securityInfo.stepUp.orMethod': "Or prove it's you with security info you already have:",
  'account.securityInfo.stepUp.sendCode': 'Send a code to {method}',
  'account.securityInfo.stepUp.useApp': 'Enter a code from {method}',
  'account.securityInfo.notice.verified': 'Your method is verified and ready to use.',
  'account.securityInfo.notice.removed': 'The method has been deleted.',
  'account.securityInfo.notice.stepUp': 'Thank you. You can change your security info for the next 10 minutes.',
  'account.securityInfo.notice.resent': 'We sent a new code.',
  'account.securityInfo.notice.confirmed': 'Thank you for checking your security info.',
  'account.securityInfo.failed': 'Your security info was not changed. Please try again.',
  'account.securityInfo.error.STEP_UP_REQUIRED': 'For your security, enter your password again to continue.',
  'account.securityInfo.error.METHOD_NOT_FOUND': 'That method no longer exists. It may have been deleted.',
  'account.securityInfo.error.METHOD_TYPE_NOT_ALLOWED':
    "Your organization doesn't let you add or change this method here.",
  'account.securityInfo.error.PASSWORD_NOT_MANAGED_HERE':
    'Your password is managed elsewhere, so it cannot be checked here. Sign out and sign in again to change your security info.',
  'account.securityInfo.error.METHOD_LIMIT_REACHED':
    'You already have as many of these as you can have. Delete one first.',
  'account.securityInfo.error.CODE_INVALID': "That code isn't right. Check it and try again.",
  'account.securityInfo.error.CODE_EXPIRED': 'That code has expired. Send a new code and try again.',
  'account.securityInfo.error.TOO_MANY_ATTEMPTS':
    'You entered a wrong code too many times. Send a new code and try again.',
  'account.securityInfo.error.DELIVERY_FAILED': "We couldn't send the code. Please try again.",
  'account.securityInfo.error.SEND_LIMIT_REACHED': 'We have sent you too many codes. Try again later.',
  'account.securityInfo.error.PHONE_COUNTRY_NOT_ALLOWED':
    "Phone numbers from that country can't be used. Use another number.",
  'account.securityInfo.error.PHONE_TYPE_NOT_ALLOWED':
    "That number can't receive codes. Use a mobile number, not a premium-rate, shared-cost, internet (VoIP) or landline number.",
  'account.securityInfo.error.PHONE_INVALID':
    'Enter a valid phone number in international format, for example +31 6 12345678.',
  'account.securityInfo.error.EMAIL_INVALID': 'Enter a valid email address, for example someone@example.com.',
  'account.securityInfo.error.QUESTION_UNKNOWN': 'Choose each question from the list.',
  'account.securityInfo.error.ANSWER_INVALID':
    'Answer every question you chose, with 3 to 40 characters for each answer.',
  'account.securityInfo.error.ANSWER_REUSED': 'Use a different answer for each question.',
  'account.securityInfo.error.QUESTIONS_NOT_FOR_ADMINS':
    "Administrators can't use security questions. Choose another method.",
  'account.securityInfo.error.INVALID_CURRENT_PASSWORD': 'Your password is incorrect.',
  'account.securityInfo.error.INVALID_CREDENTIALS': 'Your password is incorrect.',
  'account.securityInfo.error.DIRECTORY_UNREACHABLE':
    "We can't reach your organization's on-premises directory to check your password right now. Try again later.",
  'account.securityInfo.error.DIRECTORY_MISCONFIGURED':
    "Your password can't be checked because of an error in your organization's on-premises configuration. Contact your administrator.",
  'account.securityInfo.error.ACCOUNT_LOCKED':
    'Your account is temporarily locked to prevent unauthorized use. Try again later, and if you still have trouble, contact your admin.',
  'account.securityInfo.error.RATE_LIMITED': 'Too many attempts. Wait a minute and try again.',
  'account.securityInfo.error.SERVICE_BUSY': 'We are very busy right now. Wait a moment and try again.',
  'account.securityInfo.error.VALIDATION_FAILED': 'Fill in every field.',
  'interrupt.title': "Don't lose access to your account!",
  'interrupt.intro': 'Your organization wants to be sure you can reset your password yourself if you ever forget it.',
  'interrupt.missing': 'Set up your security info now. It takes a minute or two.',
  'interrupt.register': 'Set up security info',
  'interrupt.reconfirm': 'Please check that this security info is still correct:',
  'interrupt.looksGood': 'Looks good',
  'interrupt.change': 'Change security info',
  'interrupt.skip': 'Skip for now',
  'interrupt.skipHint': 'We will ask you again the next time you sign in.',
  // Security info (issue 4): verification codes, change notices, predefined security questions.
  'securityInfo.stepUpCode.text': 'Use code {code} to confirm it is you at {tenant}. It is valid for 5 minutes.',
  'securityInfo.stepUpCode.subject': '{tenant} account security code',
  'securityInfo.changed.subject': '{tenant} account security info changed',
  'securityInfo.changed.text':
    'Hello {name},\n\nThe security info of your {tenant} account {upn} was changed on {time} (UTC): {what} ({method}) is no longer used for verifying your identity.\n\nIf you did this, you can ignore this message. If you did not, contact your administrator at once.\n',
  'securityInfo.changed.sms':
    'Your {tenant} account no longer uses this number for security info (changed {time} UTC). If this was not you, contact your administrator.',
  'securityInfo.added.subject': '{tenant} account security info was added',
  'securityInfo.added.text':
    'Hello {name},\n\nSecurity info was added to your {tenant} account {upn} on {time} (UTC): {what}. It can now be used to verify your identity, also to reset your password.\n\nIf you did this, you can ignore this message. If you did not, contact your administrator at once.\n',
  // Every verification method's texts, in its own folder (src/methods/<method>/<method>.texts.ts).
  ...methodTexts.en,
  ...expiryTexts.en,
  ...noticeSmsTexts.en,
  ...smsSettingsTexts.en,
  ...directoryTexts.en,
  ...helpdeskActionTexts.en,
  // The admin console (/admin), in its own file.
  ...enAdmin,
  ...enSecurityInfo,
  ...enUserActions,
  ...enHelpdesk,
  ...reportTexts.en,
  // The portal off the happy path (issue 14), in its own file.
  ...portalTexts.en,
  ...outboxTexts.en,
  // Password reset wizard (/passwordreset): Entra's wording where Entra has one.
  'reset.signinLink': "Can't access your account?",
  'reset.title': 'Get back into your account',
  'reset.supportCode': 'Support code',
  'reset.next': 'Next',
  'reset.cancel': 'Cancel',
  'reset.start.heading': 'Who are you?',
  'reset.start.intro':
    'To recover your account, begin by entering your email or username. Your browser then does a short check to show that you are not a robot.',
  'reset.start.username': 'Email or Username',
  'reset.start.username.hint': 'Example: user@contoso.com',
  'reset.start.cancelled': 'You cancelled the password reset. Nothing was changed.',
  'reset.captcha.legend': 'Are you a robot?',
  'reset.captcha.waiting': 'Your browser is doing a short check. This takes a few seconds.',
  'reset.captcha.working': 'Checking your browser… This takes a few seconds.',
  'reset.captcha.done': 'Check complete. Select Next to continue.',
  'reset.captcha.failed': "The check couldn't be completed. Reload the page to try again.",
  'reset.captcha.unsupported':
    "Your browser can't do this check. Use an up-to-date browser, opened on this site's https address.",
  'reset.captcha.noscript':
    'This step needs JavaScript: your browser solves a small puzzle to show that you are not a robot. Turn on JavaScript for this site or use another browser, then reload this page. The rest of the password reset works without JavaScript.',
  'reset.intent.heading': 'Why are you having trouble signing in?',
  'reset.intent.reset': 'I forgot my password',
  'reset.intent.reset.hint':
    "No worries, we'll help you to reset your password using the security info you registered with us.",
  'reset.intent.unlock': "I know my password, but still can't sign in",
  'reset.intent.unlock.hint':
    "This might happen because you tried signing in with an incorrect password too many times. If you choose this option, you'll keep your existing password and we'll unlock your account so you can sign in again.",
  'reset.verify.step': 'Verification step {step} of {total}',
  'reset.verify.choose': 'Please choose the contact method we should use for verification:',
  'reset.verify.none': "You don't have any security info left that can be used for this step.",
  'reset.method.phone.label': 'Enter your phone number',
  'reset.method.phone.hint': 'The whole number with country code, for example +31 6 12345678',
  'reset.code.label': 'Enter your verification code',
  'reset.retry.note': "Didn't get anything after a few seconds? Try again, or ask your administrator for help.",
  'reset.retry.tryAgain': 'Try again',
  'reset.retry.contactAdmin': 'Contact your administrator',
  'reset.contacted.heading': 'Your administrator has been contacted',
  'reset.contacted.body': "We've contacted an administrator in your organization to help you reset your password.",
  'reset.contacted.link': "Contact your administrator through your organization's helpdesk:",
  'reset.password.heading': 'Choose a new password',
  'reset.password.new': 'Enter new password',
  'reset.password.confirm': 'Confirm new password',
  'reset.password.finish': 'Finish',
  'reset.password.unlockToo': 'Also unlock my account',
  'reset.password.mismatch': "The passwords don't match. Type the same new password twice.",
  'reset.password.empty': 'Enter a new password.',
  'reset.unlock.heading': 'Unlock your account',
  'reset.unlock.intro': "You'll keep your existing password. Select Unlock and then sign in again.",
  'reset.unlock.submit': 'Unlock',
  'reset.done.reset': 'Your password has been reset',
  'reset.done.reset.body': 'To sign in with your new password, go to the sign-in page.',
  'reset.done.unlock': 'Your account has been unlocked',
  'reset.done.unlock.body': 'Sign in again with your existing password.',
  'reset.done.signin': 'Sign in',
  'reset.restart.heading': 'Please start again',
  'reset.restart.body':
    "This password reset has expired, was cancelled or is already finished. For your security it can't be continued.",
  'reset.restart.link': 'Start again',
  'reset.unavailable.heading': "We can't reset your password here",
  'reset.failed': 'Something went wrong. Please try again.',
  'reset.error.CAPTCHA_INVALID':
    'The check that shows you are not a robot failed. A new check starts now: wait until it is complete, then select Next again.',
  'reset.start.missing': 'Enter your email or username.',
  'reset.error.VALIDATION_FAILED': 'Fill in every field, then try again.',
  'reset.error.SEND_LIMIT_REACHED': 'We have sent too many codes. Try again later, or use another method.',
  'reset.error.CSRF_INVALID': 'The form expired. Please try again.',
  'reset.error.RATE_LIMITED': 'Too many attempts. Wait a minute and try again.',
  'reset.error.SERVICE_BUSY': 'We are very busy right now. Wait a moment and try again.',
  'reset.error.INTENT_REQUIRED': 'Choose why you are having trouble signing in first.',
  'reset.error.INTENT_NOT_ALLOWED':
    "Unlocking without a new password isn't available for your account. Choose I forgot my password.",
  'reset.error.ACCOUNT_NOT_LOCKED':
    "Your account isn't locked, so there's nothing to unlock. If you still can't sign in, choose a new password.",
  'reset.error.METHOD_NOT_OFFERED': "That contact method can't be used. Choose another one.",
  'reset.error.GATE_ALREADY_PASSED': "You've already verified with that method. Choose a different one.",
  'reset.error.CHALLENGE_REQUIRED': 'Choose a contact method and ask for a code first.',
  'reset.error.GATES_INCOMPLETE': 'Finish the verification steps first.',
  'reset.error.PHONE_MISMATCH':
    "The phone number you entered doesn't match the number we have on file. Check it and try again.",
  'reset.error.ANSWER_WRONG': "One or more of your answers aren't right. Here are some questions to answer again.",
  'reset.error.CALL_NOT_ANSWERED':
    "We haven't heard from you yet. Answer the call and press #, then select I've answered the call.",
  'reset.error.CODE_INVALID': "That code isn't right. Check it and try again.",
  'reset.error.CODE_EXPIRED': 'That code has expired. Choose Try again to get a new one.',
  'reset.error.TOO_MANY_ATTEMPTS': 'Too many wrong attempts. Choose Try again to get a new code or use another method.',
  'reset.error.DELIVERY_FAILED': "We couldn't reach you right now. Try again, or use another method.",
  'reset.error.SSPR_BLOCKED': "You've tried too many times. For your security, you can try again after {retryAt}.",
  'reset.error.SSPR_UNAVAILABLE': "Your password can't be reset right now. Contact your administrator.",
  'reset.ineligible.SSPR_0009':
    'Your administrator has disabled password reset for your organization. Contact your administrator.',
  'reset.ineligible.SSPR_0010':
    "Your password is managed by your organization's on-premises directory and can't be reset here right now. Contact your administrator.",
  'reset.ineligible.SSPR_0011': "Your organization hasn't defined a password reset policy. Contact your administrator.",
  'reset.ineligible.SSPR_0012':
    "Your organization doesn't have the licenses needed for password reset. Contact your administrator.",
  'reset.ineligible.SSPR_0013':
    "You aren't a member of a group enabled for password reset. Contact your administrator.",
  'reset.ineligible.SSPR_0014':
    'Additional security info is needed to reset your password. Contact your administrator, and register your security info once you can sign in.',
  'reset.ineligible.SSPR_0029':
    "We're unable to reset your password due to an error in your organization's on-premises configuration. Contact your administrator.",
  'reset.ineligible.SSPR_0030':
    "We can't reset your password right now because of a poor connection with your organization's on-premises directory. Try again later.",
  // Self-service password reset (issue 6): codes, calls and notices sent by the reset flow.
  'reset.notify.user.subject': 'Your {tenant} password has been reset',
  'reset.notify.user.body':
    'Hello {name},\n\nThe password of your {tenant} account {upn} was reset on {time} (UTC) with self-service password reset.\n\nIf you did this, you can ignore this message. If you did not, contact your administrator at once.\n',
  'reset.notify.unlock.subject': 'Your {tenant} account has been unlocked',
  'reset.notify.unlock.body':
    'Hello {name},\n\nYour {tenant} account {upn} was unlocked on {time} (UTC) with self-service account unlock. Your password was not changed.\n\nIf you did not do this, contact your administrator at once.\n',
  'reset.notify.admins.subject': 'Administrator password reset: {upn}',
  'reset.notify.admins.body':
    'Hello,\n\nThe administrator {name} ({upn}) of {tenant} reset their password on {time} (UTC) with self-service password reset.\n\nIf this was not expected, check the account at once.\n',
  'reset.contact.subject': 'Password reset request for {upn}',
  'reset.contact.body':
    "Hello,\n\nThe user {upn} of {tenant} could not reset their password themselves and asks an administrator for help (support code {supportCode}, {time} UTC).\n\nVerify the user's identity before you reset the password.\n",
  // On-premises directory: writeback messages and the connection status (issue 7, dirconn).
  'directory.reason.tooShort':
    "Your organization's on-premises directory needs a longer password. Choose a longer one and try again.",
  'directory.reason.inHistory':
    "You've used this password recently. Your organization's on-premises directory doesn't allow it again; choose a different one.",
  'directory.reason.insufficientQuality':
    "Your organization's on-premises directory considers this password too simple. Choose a stronger one and try again.",
  'directory.reason.tooYoung':
    "Your password was changed too recently. Your organization's on-premises directory doesn't allow another change yet; try again later.",
  'directory.reason.mustSupplyOldPassword':
    "Your organization's on-premises directory needs your current password for this change. Contact your administrator.",
  'directory.reason.protectedAccount':
    "For security reasons, the password of this account can't be reset or unlocked here. Contact your administrator.",
  'directory.reason.changeNotAllowed':
    "Your organization's on-premises directory doesn't allow you to change this password yourself. Contact your administrator.",
  'directory.reason.accountLocked':
    'Your on-premises account is locked. Reset your password to unlock it, or contact your administrator.',
  'directory.reason.accountDisabled':
    "Your on-premises account has been disabled by your administrator, so it can't be reset or unlocked here. Contact your administrator.",
  'directory.reason.passwordExpired': 'Your on-premises password has expired. Reset it with I forgot my password.',
  'directory.reason.changeAfterReset':
    'Your on-premises password must be changed before you can continue. Reset it with I forgot my password.',
  'directory.reason.rejected':
    "Your organization's on-premises directory didn't accept this password. It may be too short, too simple or used before. Choose a different one.",
  'reset.error.DIRECTORY_POLICY_REJECTED':
    "Your organization's on-premises directory didn't accept this password. Choose a different one.",
  'reset.error.DIRECTORY_UNREACHABLE':
    "We can't reset your password right now because of a poor connection with your organization's on-premises directory. Try again later.",
  'reset.error.DIRECTORY_MISCONFIGURED':
    "We're unable to reset your password due to an error in your organization's on-premises configuration. Contact your administrator.",
  'reset.error.INVALID_CURRENT_PASSWORD': 'Your current password is incorrect.',
  'reset.error.ON_PREMISES_SUCCESS_CLOUD_FAILURE':
    "We've reset your password successfully, but you have to wait a few minutes before the changes are committed to the cloud. Select Finish again in a few minutes.",
  'account.change.error.DIRECTORY_POLICY_REJECTED':
    "Your organization's on-premises directory didn't accept this password. Choose a different one.",
  'account.change.error.DIRECTORY_UNREACHABLE':
    "We can't change your password right now because of a poor connection with your organization's on-premises directory. Try again later.",
  'account.change.error.DIRECTORY_MISCONFIGURED':
    "We're unable to change your password due to an error in your organization's on-premises configuration. Contact your administrator.",
  'account.change.error.ON_PREMISES_SUCCESS_CLOUD_FAILURE':
    "We've changed your password successfully, but you have to wait a few minutes before the changes are committed to the cloud. Try again in a few minutes.",
  'admin.onPremises.connection': 'Directory connection',
  'admin.onPremises.lastTest': 'Last test',
  'admin.onPremises.neverTested': 'This connection has not been tested yet.',
  'admin.onPremises.status.ok': 'Your on-premises writeback client is up and running.',
  'admin.onPremises.status.unreachable':
    "We can't connect to your on-premises writeback client right now. Check that the directory is reachable from this service.",
  'admin.onPremises.status.misconfigured':
    "We can't connect to your on-premises writeback client because password writeback has not been properly configured ({reason}).",
  'admin.onPremises.status.untested': 'Password writeback is configured. Test the connection to see its status.',
  'admin.onPremises.test': 'Test connection',
  'admin.onPremises.remove': 'Remove connection',
  'admin.onPremises.mode': 'Sign-in mode',
  'admin.onPremises.protectedGroups': 'Protected groups',
  'signin.error.DIRECTORY_UNREACHABLE':
    "We can't check your password right now because your organization's on-premises directory can't be reached. Try again later.",
  // On-premises agent status (issue 7, item 5).
  'admin.onPremises.agent': 'On-premises agent',
  'admin.onPremises.agent.connected': 'Your on-premises writeback client is up and running.',
  'admin.onPremises.agent.notConnected':
    "We can't connect to your on-premises writeback client right now. Check that the agent is running and can reach this service.",
  'admin.onPremises.agent.details': '{name} · version {version} · last heartbeat {at}',
  'admin.onPremises.agent.never': 'no heartbeat yet',
} as const;

export type MessageKey = keyof typeof en;
