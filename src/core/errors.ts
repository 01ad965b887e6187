/**
 * The stable error catalogue. Codes are public API: clients, the CLI's `--json` output and the
 * problem+json bodies carry them, and a snapshot test pins the list so a rename is a visible change.
 */
export const errorCatalogue = {
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid.' },
  INVALID_JSON: { status: 400, title: 'The request body is not valid JSON.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'The request body has an unsupported content type.' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large.' },
  NOT_FOUND: { status: 404, title: 'The resource was not found.' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'The method is not allowed here.' },
  CSRF_INVALID: {
    status: 403,
    title: 'The form has expired or did not come from this site. Reload the page and try again.',
  },
  CROSS_ORIGIN_REFUSED: { status: 403, title: 'Cross-origin requests are refused.' },
  RATE_LIMITED: { status: 429, title: 'Too many requests. Try again later.' },
  SERVICE_BUSY: { status: 503, title: 'The service is busy. Try again in a moment.' },
  STORE_UNAVAILABLE: { status: 503, title: 'The store is unreachable.' },
  INTERNAL_ERROR: { status: 500, title: 'Something went wrong on our side. Nothing was changed.' },

  INVALID_CREDENTIALS: { status: 401, title: 'Your account or password is incorrect.' },
  ACCOUNT_LOCKED: {
    status: 423,
    title:
      'Your account is temporarily locked to prevent unauthorized use. Try again later, and if you still have trouble, contact your admin.',
  },
  ACCOUNT_DISABLED: { status: 403, title: 'Your account has been disabled. Contact your administrator.' },
  PASSWORD_NOT_MANAGED_HERE: { status: 409, title: 'Your password is managed by your on-premises directory.' },
  UNAUTHENTICATED: { status: 401, title: 'Sign in first.' },
  INVALID_CURRENT_PASSWORD: { status: 403, title: 'Your current password is incorrect.' },
  PASSWORD_POLICY_VIOLATION: { status: 400, title: 'The new password does not meet the password requirements.' },
  PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    title: 'Your administrator requires you to change your password before you continue.',
  },

  TENANT_EXISTS: { status: 409, title: 'A tenant with this domain already exists.' },
  TENANT_NOT_FOUND: { status: 404, title: 'No tenant has this domain.' },
  DOMAIN_INVALID: { status: 400, title: 'The domain name is not valid.' },
  COUNTRY_INVALID: { status: 400, title: 'The country must be a two-letter ISO 3166-1 code.' },
  UPN_INVALID: { status: 400, title: 'The user principal name is not valid.' },
  UPN_DOMAIN_NOT_VERIFIED: {
    status: 400,
    title: "The user principal name's domain is not a verified domain of any tenant.",
  },
  USER_EXISTS: { status: 409, title: 'A user with this user principal name already exists.' },
  USER_NOT_FOUND: { status: 404, title: 'No user has this user principal name.' },
  ROLE_UNKNOWN: { status: 400, title: 'The role is not a known administrator role.' },
  PHONE_INVALID: {
    status: 400,
    title: 'The phone number is not valid; use international format, e.g. +31 6 12345678.',
  },
  EMAIL_INVALID: { status: 400, title: 'The email address is not valid.' },
  NAME_INVALID: { status: 400, title: 'The name is empty or too long.' },
  GROUP_EXISTS: { status: 409, title: 'A group with this name already exists.' },
  GROUP_NOT_FOUND: { status: 404, title: 'No group has this name.' },
  GROUP_CYCLE: { status: 400, title: 'Adding this group would make a group a member of itself.' },
  MEMBER_EXISTS: { status: 409, title: 'The member is already in the group.' },
  CONFIG_INVALID: { status: 500, title: 'The configuration is not valid.' },
  SKU_UNKNOWN: { status: 400, title: 'The SKU is not in the catalogue.' },
  SKU_NOT_ASSIGNABLE: {
    status: 400,
    title: 'Microsoft Entra ID Free is implicit for every user and cannot be assigned.',
  },
  SEATS_INVALID: { status: 400, title: 'Seats must be a whole number from 0 to 1,000,000.' },
  SUBSCRIPTION_EXISTS: { status: 409, title: 'The tenant already has a subscription for this SKU.' },
  SUBSCRIPTION_NOT_FOUND: { status: 404, title: 'The tenant has no subscription for this SKU.' },
  USAGE_LOCATION_REQUIRED: {
    status: 400,
    title: 'A licence can only be assigned directly to a user with a usage location.',
  },
  ASSIGNMENT_EXISTS: { status: 409, title: 'The licence is already assigned this way.' },
  ASSIGNMENT_NOT_FOUND: { status: 404, title: 'The licence is not assigned this way.' },
  POLICY_INVALID: { status: 400, title: 'The SSPR policy is not valid.' },
  FORBIDDEN: { status: 403, title: 'You do not have the administrator role this needs.' },
  SETTING_INVALID: { status: 400, title: 'The setting is not valid.' },
  BANNED_TERM_INVALID: { status: 400, title: 'A banned password term must be one word of 4 to 16 characters.' },
  BANNED_LIST_FULL: { status: 400, title: 'A custom banned password list holds at most 1,000 terms.' },

  // Delivery channels (SMTP, SMS/voice provider, outbox).
  CALLBACK_SIGNATURE_INVALID: { status: 403, title: 'The callback is not signed by the configured provider.' },
  CALL_ALREADY_ANSWERED: { status: 409, title: 'This call has already been answered.' },
  // Users, groups, roles and API tokens in the admin API.
  TARGET_TOO_PRIVILEGED: {
    status: 403,
    title: 'Your administrator role cannot act on a user who holds this administrator role.',
  },
  LAST_GLOBAL_ADMIN: { status: 409, title: 'The tenant must keep at least one enabled Global Administrator.' },
  ROLE_NOT_ASSIGNED: { status: 404, title: 'The user does not hold this role.' },
  MEMBER_NOT_FOUND: { status: 404, title: 'The member is not in the group.' },
  GROUP_IN_USE: { status: 409, title: "The group is the SSPR policy's selected group; select another group first." },
  OWN_PASSWORD_RESET: {
    status: 400,
    title: 'Administrators change their own password with self-service password change, not an admin reset.',
  },
  API_TOKEN_NOT_FOUND: { status: 404, title: 'No live API token has this id.' },
  // Security info (issue 4). METHOD_NOT_ALLOWED is taken by HTTP 405, so a method type the policy
  // does not offer is METHOD_TYPE_NOT_ALLOWED.
  STEP_UP_REQUIRED: { status: 403, title: 'Confirm your identity again before changing your security info.' },
  METHOD_NOT_FOUND: { status: 404, title: 'You have no such security info method.' },
  METHOD_TYPE_NOT_ALLOWED: { status: 400, title: 'This kind of security info cannot be registered here.' },
  METHOD_LIMIT_REACHED: { status: 409, title: 'You already have as many of this kind of security info as allowed.' },
  CODE_INVALID: { status: 400, title: 'The code is not correct.' },
  CODE_EXPIRED: { status: 400, title: 'The code has expired. Ask for a new one.' },
  // Passkeys (issue 17): one code for a replayed, foreign-origin or wrong-challenge response, a counter that went
  // backwards and an unknown credential, so a refusal tells nothing about which check failed or whose key it was.
  PASSKEY_INVALID: { status: 400, title: 'The passkey could not be verified. Try again.' },
  // Security info again: too many codes, delivery, phone countries and security questions.
  TOO_MANY_ATTEMPTS: { status: 429, title: 'Too many wrong codes. Ask for a new one.' },
  DELIVERY_FAILED: { status: 503, title: "We couldn't send the code. Try again." },
  SEND_LIMIT_REACHED: { status: 429, title: 'Too many codes were sent. Try again later.' },
  PHONE_COUNTRY_NOT_ALLOWED: { status: 400, title: "Phone numbers from this country can't be used here." },
  PHONE_TYPE_NOT_ALLOWED: {
    status: 400,
    title: "This number can't receive codes: use a mobile number (not premium-rate, shared-cost, VoIP or a landline).",
  },
  QUESTION_UNKNOWN: { status: 400, title: 'The security question is not known.' },
  ANSWER_INVALID: {
    status: 400,
    title: 'Answers must be 3 to 40 characters, and you must answer the required number of different questions.',
  },
  ANSWER_REUSED: { status: 400, title: 'Use a different answer for each security question.' },
  QUESTIONS_NOT_FOR_ADMINS: { status: 403, title: 'Administrators cannot use security questions.' },
  // Self-service password reset and unlock (issue 6). FLOW_INVALID is one code for unknown, expired,
  // cancelled and finished flows, so a flow id reveals nothing about why it stopped working.
  CAPTCHA_INVALID: {
    status: 400,
    title: 'The verification puzzle was not solved, has expired or was already used. Try again.',
  },
  FLOW_INVALID: { status: 404, title: 'This password reset has expired or is no longer valid. Start again.' },
  INTENT_REQUIRED: { status: 409, title: 'Choose first whether you forgot your password or your account is locked.' },
  INTENT_NOT_ALLOWED: { status: 409, title: 'This option is not available for your account.' },
  // Told only after the gates: before them, every account is offered the unlock path alike (checklist §11 row 1).
  ACCOUNT_NOT_LOCKED: { status: 409, title: "Your account isn't locked. Choose a new password instead." },
  METHOD_NOT_OFFERED: { status: 400, title: 'This verification option is not offered for this reset.' },
  GATE_ALREADY_PASSED: { status: 409, title: 'You already verified with this security info; choose another option.' },
  CHALLENGE_REQUIRED: { status: 409, title: 'Ask for a new code (or call) before verifying.' },
  GATES_INCOMPLETE: { status: 403, title: 'Verify your identity with the required number of methods first.' },
  PHONE_MISMATCH: { status: 400, title: "The phone number you entered doesn't match the one on file." },
  ANSWER_WRONG: { status: 400, title: 'One or more of your answers is not correct. Answer the new questions.' },
  CALL_NOT_ANSWERED: {
    status: 409,
    title: "We haven't received your confirmation yet. Answer the call and press the # key, then try again.",
  },
  SSPR_BLOCKED: { status: 429, title: 'You have tried too many times. Try again later.' },
  SSPR_UNAVAILABLE: { status: 403, title: "You can't reset your password here. Contact your administrator." },
  // On-premises directory (issue 7). Entra's SSPR_0029 is DIRECTORY_MISCONFIGURED, SSPR_0030 DIRECTORY_UNREACHABLE.
  DIRECTORY_POLICY_REJECTED: {
    status: 400,
    title: "Your organization's on-premises password policy does not accept this password.",
  },
  DIRECTORY_UNREACHABLE: {
    status: 503,
    title: "We can't reach your organization's on-premises directory right now. Try again later (SSPR_0030).",
  },
  DIRECTORY_MISCONFIGURED: {
    status: 502,
    title:
      "Your organization's on-premises directory is not set up correctly for password reset. Contact your admin (SSPR_0029).",
  },
  // Directory connections and writeback (issue 7, dirconn).
  DIRECTORY_CONNECTION_NOT_FOUND: { status: 404, title: 'The directory connection was not found.' },
  ON_PREMISES_SUCCESS_CLOUD_FAILURE: {
    status: 503,
    title:
      "We've reset your password successfully, but you have to wait a few minutes before the changes are committed to the cloud. Try again in a few minutes.",
  },
  // Directory sync (issue 7, item 2).
  DIRECTORY_NOT_CONNECTED: { status: 404, title: 'No on-premises directory is connected to this tenant.' },
  DIRECTORY_SYNC_IN_PROGRESS: {
    status: 409,
    title: 'A directory sync is already running for this tenant. Try again when it has finished.',
  },
  DIRECTORY_SYNC_THRESHOLD_EXCEEDED: {
    status: 409,
    title:
      "The sync would disable users and delete groups, more than the connection's deletion threshold allows, so it did none of it. Review them, then allow the deletions for one run or change the threshold.",
  },
  // On-premises writeback agent (issue 7, item 5).
  AGENT_UNAUTHORIZED: {
    status: 401,
    title: 'The agent token is not valid, or the agent was revoked or holds another key.',
  },
  AGENT_NOT_FOUND: { status: 404, title: 'No live on-premises agent has this id.' },
  AGENT_OUTDATED: {
    status: 403,
    title:
      'This OpenSSPR agent is older than the service supports. Upgrade it; until then no password is written back through it.',
  },
  // Strong recovery (issue #17): Temporary Access Pass, recovery codes, helpdesk caller verification (passkeys'
  // one code sits with security info's, where it was added: the pinned list keeps its order).
  TAP_LIFETIME_INVALID: {
    status: 400,
    title: 'The Temporary Access Pass lifetime must be between 10 minutes and 30 days (43200 minutes).',
  },
  TAP_NOT_FOUND: { status: 404, title: 'The user has no Temporary Access Pass.' },
  TAP_INVALID: {
    status: 401,
    title: 'The account and Temporary Access Pass do not match, or the pass has expired, was used or was revoked.',
  },
  RECOVERY_CODE_INVALID: { status: 400, title: 'The recovery code is not valid or was used before.' },
  CALLER_VERIFICATION_UNAVAILABLE: {
    status: 409,
    title: 'The user has no registered email, phone or authenticator app to verify the caller with.',
  },
  // Reports, the audit log and the sign-in log (issue #15).
  REPORT_FILTER_UNKNOWN: { status: 400, title: 'The request names a filter this report does not have.' },
  REPORT_DATE_INVALID: { status: 400, title: 'A date is not an ISO 8601 date or instant.' },
  REPORT_RANGE_REVERSED: { status: 400, title: 'The start of the range must be before its end.' },
  REPORT_PAGE_TOO_LARGE: { status: 400, title: 'The page asks for more rows than the maximum.' },
  REPORT_LICENSE_REQUIRED: {
    status: 403,
    title: 'Usage & insights needs a Microsoft Entra ID P1 or P2 licence (or a suite that includes one).',
  },
  // Password expiry (issue #16).
  EXPIRY_DAYS_OUT_OF_RANGE: { status: 400, title: 'The number of days before passwords expire must be 14 to 730.' },
  EXPIRY_NOTIFY_DAYS_OUT_OF_RANGE: {
    status: 400,
    title: 'The number of days before a user is notified must be 1 to 30.',
  },
  EXPIRY_REMINDER_DAYS_INVALID: { status: 400, title: 'Give one to five reminder days, each 1 to 30.' },
  EXPIRY_DAILY_CAP_INVALID: {
    status: 400,
    title: 'The daily reminder cap must be a whole number from 1 to 1,000,000.',
  },
  EXPIRY_UNKNOWN_DOMAIN: { status: 400, title: "This domain is not one of the tenant's domains." },
  EXPIRY_AS_OF_INVALID: { status: 400, title: 'The date is not an ISO 8601 date or date-time.' },
  // Company branding (issue 14 item 5).
  BRANDING_COLOUR_INVALID: { status: 400, title: 'The accent colour must be a hex colour #rrggbb.' },
  BRANDING_COLOUR_LOW_CONTRAST: {
    status: 400,
    title: 'The accent colour is too light: white text on it needs a contrast of at least 4.5:1.',
  },
  BRANDING_TEXT_TOO_LONG: { status: 400, title: 'The sign-in page text is at most 1,024 characters.' },
  BRANDING_TEXT_INVALID: { status: 400, title: 'The sign-in page text may not contain control characters.' },
  BRANDING_LOGO_INVALID: { status: 400, title: 'The logo must be a PNG or JPEG image.' },
  BRANDING_LOGO_TOO_LARGE: { status: 413, title: 'The logo is at most 100 KB.' },
  // Console secrets shown once (http/admin/shown-once.ts): the store failed around the single-use claim.
  SECRET_NOT_ISSUED: {
    status: 503,
    title: 'Nothing was changed: the new secret could not be prepared to be shown once. Try again in a moment.',
  },
  SECRET_NOT_SHOWN_YET: {
    status: 503,
    title: "The secret can't be shown right now. Reload the page within 2 minutes of its creation to see it, once.",
  },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

/**
 * The one error class: thrown only when a request cannot proceed. Expected outcomes (a wrong
 * password, a policy verdict) are returned as values instead.
 */
export class SsprError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message?: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message ?? errorCatalogue[code].title, options);
    this.name = 'SsprError';
    this.code = code;
    this.status = errorCatalogue[code].status;
    this.details = details;
  }
}

export const isSsprError = (value: unknown): value is SsprError => value instanceof SsprError;
