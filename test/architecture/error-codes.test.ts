/**
 * Error codes are public API (clients, problem+json bodies, the CLI's --json output). The snapshot
 * makes a rename, removal or status change a visible diff; adding a code means updating it on purpose.
 */
import { describe, expect, it } from 'vitest';
import { errorCatalogue } from '../../src/core/errors.js';

describe('the error-code catalogue', () => {
  it('is pinned: code and HTTP status', () => {
    expect(Object.entries(errorCatalogue).map(([code, e]) => `${code} ${e.status}`)).toMatchInlineSnapshot(`
      [
        "VALIDATION_FAILED 400",
        "INVALID_JSON 400",
        "UNSUPPORTED_MEDIA_TYPE 415",
        "PAYLOAD_TOO_LARGE 413",
        "NOT_FOUND 404",
        "METHOD_NOT_ALLOWED 405",
        "CSRF_INVALID 403",
        "CROSS_ORIGIN_REFUSED 403",
        "RATE_LIMITED 429",
        "SERVICE_BUSY 503",
        "STORE_UNAVAILABLE 503",
        "INTERNAL_ERROR 500",
        "INVALID_CREDENTIALS 401",
        "ACCOUNT_LOCKED 423",
        "ACCOUNT_DISABLED 403",
        "PASSWORD_NOT_MANAGED_HERE 409",
        "UNAUTHENTICATED 401",
        "INVALID_CURRENT_PASSWORD 403",
        "PASSWORD_POLICY_VIOLATION 400",
        "PASSWORD_CHANGE_REQUIRED 403",
        "TENANT_EXISTS 409",
        "TENANT_NOT_FOUND 404",
        "DOMAIN_INVALID 400",
        "COUNTRY_INVALID 400",
        "UPN_INVALID 400",
        "UPN_DOMAIN_NOT_VERIFIED 400",
        "USER_EXISTS 409",
        "USER_NOT_FOUND 404",
        "ROLE_UNKNOWN 400",
        "PHONE_INVALID 400",
        "EMAIL_INVALID 400",
        "NAME_INVALID 400",
        "GROUP_EXISTS 409",
        "GROUP_NOT_FOUND 404",
        "GROUP_CYCLE 400",
        "MEMBER_EXISTS 409",
        "CONFIG_INVALID 500",
        "SKU_UNKNOWN 400",
        "SKU_NOT_ASSIGNABLE 400",
        "SEATS_INVALID 400",
        "SUBSCRIPTION_EXISTS 409",
        "SUBSCRIPTION_NOT_FOUND 404",
        "USAGE_LOCATION_REQUIRED 400",
        "ASSIGNMENT_EXISTS 409",
        "ASSIGNMENT_NOT_FOUND 404",
        "POLICY_INVALID 400",
        "FORBIDDEN 403",
        "SETTING_INVALID 400",
        "BANNED_TERM_INVALID 400",
        "BANNED_LIST_FULL 400",
        "CALLBACK_SIGNATURE_INVALID 403",
        "CALL_ALREADY_ANSWERED 409",
        "TARGET_TOO_PRIVILEGED 403",
        "LAST_GLOBAL_ADMIN 409",
        "ROLE_NOT_ASSIGNED 404",
        "MEMBER_NOT_FOUND 404",
        "GROUP_IN_USE 409",
        "OWN_PASSWORD_RESET 400",
        "API_TOKEN_NOT_FOUND 404",
        "STEP_UP_REQUIRED 403",
        "METHOD_NOT_FOUND 404",
        "METHOD_TYPE_NOT_ALLOWED 400",
        "METHOD_LIMIT_REACHED 409",
        "CODE_INVALID 400",
        "CODE_EXPIRED 400",
        "PASSKEY_INVALID 400",
        "TOO_MANY_ATTEMPTS 429",
        "DELIVERY_FAILED 503",
        "SEND_LIMIT_REACHED 429",
        "PHONE_COUNTRY_NOT_ALLOWED 400",
        "PHONE_TYPE_NOT_ALLOWED 400",
        "QUESTION_UNKNOWN 400",
        "ANSWER_INVALID 400",
        "ANSWER_REUSED 400",
        "QUESTIONS_NOT_FOR_ADMINS 403",
        "CAPTCHA_INVALID 400",
        "FLOW_INVALID 404",
        "INTENT_REQUIRED 409",
        "INTENT_NOT_ALLOWED 409",
        "ACCOUNT_NOT_LOCKED 409",
        "METHOD_NOT_OFFERED 400",
        "GATE_ALREADY_PASSED 409",
        "CHALLENGE_REQUIRED 409",
        "GATES_INCOMPLETE 403",
        "PHONE_MISMATCH 400",
        "ANSWER_WRONG 400",
        "CALL_NOT_ANSWERED 409",
        "SSPR_BLOCKED 429",
        "SSPR_UNAVAILABLE 403",
        "DIRECTORY_POLICY_REJECTED 400",
        "DIRECTORY_UNREACHABLE 503",
        "DIRECTORY_MISCONFIGURED 502",
        "DIRECTORY_CONNECTION_NOT_FOUND 404",
        "ON_PREMISES_SUCCESS_CLOUD_FAILURE 503",
        "DIRECTORY_NOT_CONNECTED 404",
        "DIRECTORY_SYNC_IN_PROGRESS 409",
        "DIRECTORY_SYNC_THRESHOLD_EXCEEDED 409",
        "AGENT_UNAUTHORIZED 401",
        "AGENT_NOT_FOUND 404",
        "AGENT_OUTDATED 403",
        "TAP_LIFETIME_INVALID 400",
        "TAP_NOT_FOUND 404",
        "TAP_INVALID 401",
        "RECOVERY_CODE_INVALID 400",
        "CALLER_VERIFICATION_UNAVAILABLE 409",
        "REPORT_FILTER_UNKNOWN 400",
        "REPORT_DATE_INVALID 400",
        "REPORT_RANGE_REVERSED 400",
        "REPORT_PAGE_TOO_LARGE 400",
        "REPORT_LICENSE_REQUIRED 403",
        "EXPIRY_DAYS_OUT_OF_RANGE 400",
        "EXPIRY_NOTIFY_DAYS_OUT_OF_RANGE 400",
        "EXPIRY_REMINDER_DAYS_INVALID 400",
        "EXPIRY_DAILY_CAP_INVALID 400",
        "EXPIRY_UNKNOWN_DOMAIN 400",
        "EXPIRY_AS_OF_INVALID 400",
        "BRANDING_COLOUR_INVALID 400",
        "BRANDING_COLOUR_LOW_CONTRAST 400",
        "BRANDING_TEXT_TOO_LONG 400",
        "BRANDING_TEXT_INVALID 400",
        "BRANDING_LOGO_INVALID 400",
        "BRANDING_LOGO_TOO_LARGE 413",
      ]
    `);
  });

  it('uses UPPER_SNAKE codes, error statuses (400-599) and a title for every entry', () => {
    const entries = Object.entries(errorCatalogue);
    expect(entries.length).toBeGreaterThan(0);
    const invalid = entries
      .filter(
        ([code, e]) =>
          !/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/.test(code) ||
          !Number.isInteger(e.status) ||
          e.status < 400 ||
          e.status > 599 ||
          e.title.trim() === '',
      )
      .map(([code, e]) => `${code} ${e.status}`);
    expect(invalid).toEqual([]);
  });
});
