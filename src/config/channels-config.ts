/**
 * Delivery settings: SMTP for email, a Twilio-compatible provider for SMS and voice, or the outbox.
 * Part of `loadConfig` (it receives the environment from there); kept apart so config.ts stays short.
 * Every problem is pushed to `problems`, never thrown, so the operator sees them all at once.
 */
import { resolve } from 'node:path';

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** `smtps://`: TLS from the first byte (implicit TLS, usually port 465). */
  readonly implicitTls: boolean;
  /** `?starttls=required`: refuse to send unless the server upgrades to TLS. Otherwise STARTTLS is used when offered. */
  readonly requireStartTls: boolean;
  readonly user: string | undefined;
  readonly password: string | undefined;
  /** Absolute path of extra trusted CA certificates (PEM); the system store is always trusted too. */
  readonly caFile: string | undefined;
  readonly from: { readonly address: string; readonly name: string | undefined };
}

export interface TwilioSettings {
  readonly accountSid: string;
  readonly authToken: string;
  /** E.164 number the messages and calls come from. */
  readonly from: string;
  /** No trailing slash; `/2010-04-01/Accounts/…` is appended. */
  readonly baseUrl: string;
}

export interface ChannelSettings {
  readonly mailProvider: 'smtp' | 'outbox';
  readonly smtp: SmtpSettings | undefined;
  readonly smsProvider: 'outbox' | 'twilio';
  readonly twilio: TwilioSettings | undefined;
}

type Env = Record<string, string | undefined>;

const loopbackHosts = ['127.0.0.1', '::1', '[::1]', 'localhost'];
const addressPattern = /^[^\s@<>",;()\\[\]]+@[^\s@<>",;()\\[\]]+\.[^\s@<>",;()\\[\]]+$/;
const e164 = /^\+[1-9]\d{6,14}$/;

/** `jan@contoso.example` or `Contoso IT <it@contoso.example>`; one address, no header tricks. */
const parseFrom = (raw: string): SmtpSettings['from'] | undefined => {
  if (/[\r\n]/.test(raw)) return undefined;
  if (addressPattern.test(raw)) return { address: raw, name: undefined };
  const named = /^([^<>",;\\]+?)\s*<([^<>]+)>$/.exec(raw);
  return named && addressPattern.test(named[2]!) ? { address: named[2]!, name: named[1]!.trim() } : undefined;
};

const parseSmtp = (
  env: Env,
  embedded: boolean,
  cwd: string,
  problems: string[],
): Omit<SmtpSettings, 'from'> | undefined => {
  const raw = env.SSPR_SMTP_URL!.trim();
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(
      'SSPR_SMTP_URL must be smtp://[USER:PASS@]HOST[:PORT][?starttls=required] or smtps://[USER:PASS@]HOST[:PORT]',
    );
    return undefined;
  }
  const before = problems.length;
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    problems.push(`SSPR_SMTP_URL must start with smtp:// or smtps:// (got "${url.protocol}//")`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) problems.push('SSPR_SMTP_URL names no host');
  if ((url.pathname && url.pathname !== '/') || url.hash)
    problems.push('SSPR_SMTP_URL must not have a path or fragment');
  const implicitTls = url.protocol === 'smtps:';
  const keys = [...url.searchParams.keys()];
  const starttls = url.searchParams.get('starttls');
  if (keys.some((key) => key !== 'starttls') || (starttls !== null && starttls !== 'required')) {
    problems.push('SSPR_SMTP_URL accepts one option only: ?starttls=required');
  } else if (starttls !== null && implicitTls) {
    problems.push('SSPR_SMTP_URL: ?starttls=required is for smtp://; smtps:// is TLS from the start');
  }
  const requireStartTls = starttls === 'required';
  // Opportunistic STARTTLS can be stripped by anyone on the path; only a relay on this machine may use it in production.
  if (!embedded && !implicitTls && !requireStartTls && !loopbackHosts.includes(host)) {
    problems.push(
      'SSPR_SMTP_URL must use smtps:// or ?starttls=required outside embedded mode (a relay on this machine excepted)',
    );
  }
  if (Boolean(url.username) !== Boolean(url.password))
    problems.push('SSPR_SMTP_URL must give both user and password, or neither');
  if (problems.length > before) return undefined;
  const caFile = env.SSPR_SMTP_CA_FILE?.trim();
  return {
    host,
    port: url.port ? Number(url.port) : implicitTls ? 465 : 587,
    implicitTls,
    requireStartTls,
    user: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    caFile: caFile ? resolve(cwd, caFile) : undefined,
  };
};

const parseTwilio = (env: Env, publicUrlSet: boolean, problems: string[]): TwilioSettings | undefined => {
  const before = problems.length;
  const accountSid = env.SSPR_TWILIO_ACCOUNT_SID?.trim() ?? '';
  const authToken = env.SSPR_TWILIO_AUTH_TOKEN?.trim() ?? '';
  const from = env.SSPR_TWILIO_FROM?.trim() ?? '';
  if (!/^[A-Za-z0-9]{2,64}$/.test(accountSid))
    problems.push(
      'SSPR_TWILIO_ACCOUNT_SID is required with SSPR_SMS_PROVIDER=twilio (letters and digits, e.g. AC0123…)',
    );
  if (authToken.length < 16 || /\s/.test(authToken))
    problems.push(
      'SSPR_TWILIO_AUTH_TOKEN is required with SSPR_SMS_PROVIDER=twilio (at least 16 characters, no spaces)',
    );
  if (!e164.test(from))
    problems.push(
      'SSPR_TWILIO_FROM is required with SSPR_SMS_PROVIDER=twilio: the sending number in E.164, e.g. +3197010000000',
    );
  // The provider posts the callee's answer to SSPR_PUBLIC_URL; the loopback default can never receive it.
  if (!publicUrlSet)
    problems.push('SSPR_PUBLIC_URL must be set with SSPR_SMS_PROVIDER=twilio (voice answers are posted back to it)');
  let baseUrl = 'https://api.twilio.com';
  if (env.SSPR_TWILIO_BASE_URL?.trim()) {
    try {
      const url = new URL(env.SSPR_TWILIO_BASE_URL.trim());
      const plainOk = url.protocol === 'http:' && loopbackHosts.includes(url.hostname);
      if (url.protocol !== 'https:' && !plainOk) throw new Error('scheme');
      if (url.search || url.hash || url.username || url.password) throw new Error('extras');
      baseUrl = url.toString().replace(/\/+$/, '');
    } catch {
      problems.push(
        'SSPR_TWILIO_BASE_URL must be an https URL without query, fragment or credentials (plain http only on loopback)',
      );
    }
  }
  return problems.length > before ? undefined : { accountSid, authToken, from, baseUrl };
};

export const loadChannelSettings = (
  env: Env,
  context: { embedded: boolean; publicUrlSet: boolean; cwd: string },
  problems: string[],
): ChannelSettings => {
  const { embedded } = context;
  const smtpUrlSet = Boolean(env.SSPR_SMTP_URL?.trim());
  const mailProvider = env.SSPR_MAIL_PROVIDER?.trim() || (smtpUrlSet ? 'smtp' : embedded ? 'outbox' : '');
  let smtp: SmtpSettings | undefined;
  if (mailProvider === '') {
    problems.push(
      'SSPR_SMTP_URL is required outside embedded mode: email must leave the machine (for a test installation read with `sspr outbox`, set SSPR_MAIL_PROVIDER=outbox)',
    );
  } else if (mailProvider !== 'smtp' && mailProvider !== 'outbox') {
    problems.push(`SSPR_MAIL_PROVIDER must be smtp or outbox (got "${mailProvider}")`);
  } else if (mailProvider === 'smtp') {
    const fromRaw = env.SSPR_MAIL_FROM?.trim() ?? '';
    const from = fromRaw ? parseFrom(fromRaw) : undefined;
    if (!smtpUrlSet) problems.push('SSPR_SMTP_URL is required with SSPR_MAIL_PROVIDER=smtp');
    if (!fromRaw)
      problems.push(
        'SSPR_MAIL_FROM is required with SMTP: the sender address, e.g. "Contoso IT <sspr@contoso.example>"',
      );
    else if (!from)
      problems.push(
        'SSPR_MAIL_FROM must be one address, optionally with a name: sspr@contoso.example or Contoso IT <sspr@contoso.example>',
      );
    const settings = smtpUrlSet ? parseSmtp(env, embedded, context.cwd, problems) : undefined;
    if (settings && from) smtp = Object.freeze({ ...settings, from: Object.freeze(from) });
  } else {
    // Refused rather than ignored: an operator who set these expects mail to leave.
    for (const name of ['SSPR_SMTP_URL', 'SSPR_MAIL_FROM', 'SSPR_SMTP_CA_FILE']) {
      if (env[name]?.trim()) problems.push(`${name} is set but SSPR_MAIL_PROVIDER is outbox; unset one of them`);
    }
  }

  const smsProvider = env.SSPR_SMS_PROVIDER?.trim() || (embedded ? 'outbox' : '');
  let twilio: TwilioSettings | undefined;
  if (smsProvider === '') {
    problems.push(
      'SSPR_SMS_PROVIDER is required outside embedded mode: twilio (a Twilio-compatible provider), or outbox for a test installation',
    );
  } else if (smsProvider === 'twilio') {
    const settings = parseTwilio(env, context.publicUrlSet, problems);
    twilio = settings && Object.freeze(settings);
  } else if (smsProvider !== 'outbox') {
    problems.push(`SSPR_SMS_PROVIDER must be outbox or twilio (got "${smsProvider}")`);
  } else {
    for (const name of [
      'SSPR_TWILIO_ACCOUNT_SID',
      'SSPR_TWILIO_AUTH_TOKEN',
      'SSPR_TWILIO_FROM',
      'SSPR_TWILIO_BASE_URL',
    ]) {
      if (env[name]?.trim())
        problems.push(`${name} is set but SSPR_SMS_PROVIDER is outbox; set SSPR_SMS_PROVIDER=twilio or unset it`);
    }
  }
  return {
    mailProvider: mailProvider === 'smtp' ? 'smtp' : 'outbox',
    smtp,
    smsProvider: smsProvider === 'twilio' ? 'twilio' : 'outbox',
    twilio,
  };
};
