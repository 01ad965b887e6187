/**
 * The passkey's effects, through the capabilities the gate and the security-info service pass in: a challenge is a
 * fresh random value kept with the flow; a proof is the browser's signed assertion of it, checked by the service's
 * ceremonies port against the user's own credentials. A decoy gets a challenge the same way and does the same
 * lookups, and never passes: the refusal is the one a real user with a foreign passkey gets.
 */
import type { EnrolCapabilities, MethodStrategy } from '../../core/methods/method-contract.js';
import { success, type Result } from '../../core/result.js';

export const passkeyStrategy: MethodStrategy = {
  issue: (_methodId, caps) => Promise.resolve(success({ kind: 'ceremony', challenge: caps.ceremonyChallenge() })),
  async prove(_methodId, caps) {
    const use = await caps.checkCeremony(caps.input.response, caps.pending?.ceremonyChallenge);
    if (caps.decoy || !use) return { outcome: 'failed', code: 'PASSKEY_INVALID' };
    return { outcome: 'passed', credentialUse: use };
  },
};

export const enrolPasskey = async <Out>(
  input: Record<string, unknown>,
  caps: EnrolCapabilities<Out>,
): Promise<Result<Out>> =>
  caps.addCredential('passkey', typeof input.label === 'string' ? input.label : undefined, input.response);
