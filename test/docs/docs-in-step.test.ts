import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { backstopPages, defaultCheckpointIntervalMs } from '../../src/adapters/store/sqlite-checkpointer.js';
import { errorCatalogue } from '../../src/core/errors.js';
import { entraSmartLockout } from '../../src/core/lockout/smart-lockout.js';
import { cloudPasswordLimits } from '../../src/core/password/cloud-policy.js';
import { sessionPolicy } from '../../src/core/sessions/session-policy.js';
import {
  writebackBackstopSeconds,
  writebackOutcomeUnknownAfterSeconds,
} from '../../src/services/directory/writeback-recovery.js';
import { codePurgeBatch, codeRetentionSeconds } from '../../src/services/security-info/code-purge.js';

/** Documentation that states numbers and codes must not drift from the code that enforces them. */
describe('docs stay in step with the code', () => {
  it('docs/errors.md lists every error code with its status', () => {
    const doc = readFileSync('docs/errors.md', 'utf8');
    for (const [code, { status }] of Object.entries(errorCatalogue))
      expect(doc, code).toContain(`| \`${code}\` | ${status} |`);
  });

  it('docs/security.md states the enforced session and lockout limits', () => {
    const doc = readFileSync('docs/security.md', 'utf8');
    expect(doc).toContain(`idle timeout: ${sessionPolicy.idleSeconds / 60} minutes`);
    expect(doc).toContain(`absolute lifetime: ${sessionPolicy.absoluteSeconds / 3600} hours`);
    expect(doc).toContain(`${entraSmartLockout.threshold} counted failures`);
    expect(doc).toContain(`${entraSmartLockout.firstLockoutSeconds} seconds`);
    expect(doc).toContain(`last ${entraSmartLockout.rememberedBadAttempts} wrong passwords`);
    expect(doc).toContain(`${cloudPasswordLimits.minLength}–${cloudPasswordLimits.maxLength} characters`);
    expect(doc).toContain(`wal_checkpoint(PASSIVE)\` every ${defaultCheckpointIntervalMs} ms`);
    expect(doc).toContain(`backstop of ${backstopPages} pages`);
    expect(doc).toContain(`still pending ${writebackOutcomeUnknownAfterSeconds / 60} minutes after they`);
    expect(doc).toContain(`as old as the backstop: ${writebackBackstopSeconds / 60} minutes`);
  });

  it('docs/security-info.md states how long a verification code is kept', () => {
    const doc = readFileSync('docs/security-info.md', 'utf8');
    expect(doc).toContain(`kept **${codeRetentionSeconds / 3600} hours past its expiry**`);
    expect(doc).toContain(`at most ${codePurgeBatch.toLocaleString('en')} rows per tenant a round`);
  });
});
