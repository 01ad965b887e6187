/**
 * The authenticator app's effects: nothing to issue (the app is the challenge); a proof checks the
 * TOTP code against the sealed secret, and the gate records its time step so it is accepted once.
 */
import type { EnrolCapabilities, MethodStrategy } from '../../core/methods/method-contract.js';
import { success, type Result } from '../../core/result.js';

export const authenticatorAppStrategy: MethodStrategy = {
  issue: () => Promise.resolve(success({ kind: 'none' })),
  async prove(_methodId, caps) {
    if (caps.decoy) return { outcome: 'failed', code: 'CODE_INVALID' };
    const step = await caps.checkTotp(caps.input.code ?? '');
    return step === null || step === undefined
      ? { outcome: 'failed', code: 'CODE_INVALID' }
      : { outcome: 'passed', totpStep: step };
  },
};

export const enrolAuthenticatorApp = async <Out>(
  input: Record<string, unknown>,
  caps: EnrolCapabilities<Out>,
): Promise<Result<Out>> =>
  caps.addAuthenticator('authenticatorApp', typeof input.label === 'string' ? input.label : undefined);
