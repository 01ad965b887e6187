import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isMessageKey } from '../../i18n/i18n.js';

/** Refusals the pages show another way: a "start again" page, or the password rules' own sentences. */
const shownElsewhere = new Set(['FLOW_INVALID', 'PASSWORD_POLICY_VIOLATION']);

describe('reset wizard messages', () => {
  it('has a sentence for every refusal the reset service and flow can return', () => {
    const sources = [
      ...readdirSync('src/services/reset')
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
        .map((f) => `src/services/reset/${f}`),
      'src/core/flows/reset-flow.ts',
    ];
    const codes = new Set(
      sources.flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/(?:failure|refuse)\('([A-Z_]+)'|refusal: '([A-Z_]+)'/g)].map(
          (m) => m[1] ?? m[2]!,
        ),
      ),
    );
    expect(codes.size).toBeGreaterThan(10);
    const missing = [...codes].filter((code) => !shownElsewhere.has(code) && !isMessageKey(`reset.error.${code}`));
    expect(missing).toEqual([]);
  });
});
