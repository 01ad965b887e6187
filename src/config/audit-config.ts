/**
 * Audit retention and the SIEM stream (issue 15, items 6 and 7; docs/audit.md). Part of `loadConfig`; problems are
 * pushed, never thrown, so the operator sees them all at once. Secrets never appear in a problem.
 */
import { resolve } from 'node:path';

export interface AuditSettings {
  /** SSPR_AUDIT_RETENTION_DAYS: replaces the licence's 7 / 30 days for every tenant; null = by licence. */
  readonly retentionDays: number | null;
  readonly syslog: { readonly host: string; readonly port: number; readonly caFile: string | undefined } | undefined;
  readonly webhook: { readonly url: string; readonly secret: string; readonly caFile: string | undefined } | undefined;
}

type Env = Record<string, string | undefined>;

const parseSyslog = (raw: string, problems: string[]) => {
  const hint = 'SSPR_AUDIT_SYSLOG_URL must be tls://HOST:PORT (RFC 5425, e.g. tls://siem.example.com:6514)';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(hint);
    return undefined;
  }
  if (
    url.protocol !== 'tls:' ||
    !url.hostname ||
    url.username ||
    url.password ||
    (url.pathname && url.pathname !== '/') ||
    url.search ||
    url.hash
  ) {
    problems.push(hint);
    return undefined;
  }
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port ? Number(url.port) : 6514 };
};

const parseWebhook = (raw: string, problems: string[]) => {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'https:' || url.username || url.password || url.hash) throw new Error('shape');
    return url.toString();
  } catch {
    problems.push('SSPR_AUDIT_WEBHOOK_URL must be an https:// URL without credentials or fragment');
    return undefined;
  }
};

export const loadAuditSettings = (env: Env, cwd: string, problems: string[]): AuditSettings => {
  let retentionDays: number | null = null;
  const rawDays = env.SSPR_AUDIT_RETENTION_DAYS?.trim();
  if (rawDays) {
    if (!/^\d+$/.test(rawDays) || Number(rawDays) < 1 || Number(rawDays) > 36_500)
      problems.push(`SSPR_AUDIT_RETENTION_DAYS must be a whole number of days from 1 to 36500 (got "${rawDays}")`);
    else retentionDays = Number(rawDays);
  }

  const syslogRaw = env.SSPR_AUDIT_SYSLOG_URL?.trim();
  const syslogCa = env.SSPR_AUDIT_SYSLOG_CA_FILE?.trim();
  const target = syslogRaw ? parseSyslog(syslogRaw, problems) : undefined;
  if (syslogCa && !syslogRaw) problems.push('SSPR_AUDIT_SYSLOG_CA_FILE is set without SSPR_AUDIT_SYSLOG_URL');
  const syslog = target && { ...target, caFile: syslogCa ? resolve(cwd, syslogCa) : undefined };

  const webhookRaw = env.SSPR_AUDIT_WEBHOOK_URL?.trim();
  const secret = env.SSPR_AUDIT_WEBHOOK_SECRET?.trim();
  const webhookCa = env.SSPR_AUDIT_WEBHOOK_CA_FILE?.trim();
  let webhook: AuditSettings['webhook'];
  if (webhookRaw) {
    const url = parseWebhook(webhookRaw, problems);
    if (!secret || secret.length < 32)
      problems.push(
        'SSPR_AUDIT_WEBHOOK_SECRET must be set with SSPR_AUDIT_WEBHOOK_URL: at least 32 characters (e.g. `openssl rand -hex 32`)',
      );
    else if (url) webhook = { url, secret, caFile: webhookCa ? resolve(cwd, webhookCa) : undefined };
  } else {
    if (secret) problems.push('SSPR_AUDIT_WEBHOOK_SECRET is set without SSPR_AUDIT_WEBHOOK_URL');
    if (webhookCa) problems.push('SSPR_AUDIT_WEBHOOK_CA_FILE is set without SSPR_AUDIT_WEBHOOK_URL');
  }
  return { retentionDays, syslog, webhook };
};

/**
 * The configured SIEM destinations as the status view names them: the sink's name (its cursors' key) and where it
 * sends — the syslog server, the webhook's origin only (a path or query may carry a receiver's token).
 */
export const siemDestinations = (settings: AuditSettings): Array<{ sink: string; destination: string }> => [
  ...(settings.syslog
    ? [{ sink: 'syslog', destination: `tls://${settings.syslog.host}:${settings.syslog.port}` }]
    : []),
  ...(settings.webhook ? [{ sink: 'webhook', destination: new URL(settings.webhook.url).origin }] : []),
];
