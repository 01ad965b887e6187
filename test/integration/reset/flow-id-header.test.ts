import { describe, expect, it } from 'vitest';
import { testDialects } from '../../support/postgres.js';
import { resetApi } from '../../support/reset.js';
import { useHttpWorld } from '../../support/world.js';

// Issue #13 item 7: the flow id travels in the X-SSPR-Flow header; the id in the path still works, marked deprecated.
describe.each(testDialects())('the reset flow id (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);

  it('takes the id from X-SSPR-Flow with `current`, and marks the path form deprecated', async () => {
    const api = resetApi(ctx.server, ctx.world.clock);
    const flowId = await api.flowOf(`nobody@${ctx.domain}`);
    const byHeader = await api.call('GET', '/current', undefined, { 'x-sspr-flow': flowId });
    expect(byHeader.statusCode).toBe(200);
    expect(byHeader.headers.deprecation).toBeUndefined();
    const byPath = await api.view(flowId);
    expect(byPath.statusCode).toBe(200);
    expect(byPath.headers.deprecation).toBe('true');
    expect(byPath.json()).toEqual(byHeader.json());
    const intent = await api.call('POST', '/current/intent', { intent: 'reset' }, { 'x-sspr-flow': flowId });
    expect(intent.headers.deprecation).toBeUndefined();
  });
});
