import { generateSecret, generateURI, verify } from 'otplib';
import type { TotpAuthenticator } from '../../core/ports.js';

/** RFC 6238 as every authenticator app does it: SHA-1, 6 digits, 30-second steps. */
const period = 30;

/** TOTP through otplib v13; ±1 step of clock drift; a step at or before `afterStep` is a replay. */
export const otplibTotp: TotpAuthenticator = {
  newSecret: () => generateSecret({ length: 20 }),
  uri: (secret, issuer, account) =>
    generateURI({ issuer, label: account, secret, algorithm: 'sha1', digits: 6, period }),
  async verify(secret, code, now, afterStep) {
    const token = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(token)) return null;
    const result = await verify({
      secret,
      token,
      algorithm: 'sha1',
      digits: 6,
      period,
      epoch: Math.floor(now.getTime() / 1000),
      epochTolerance: period,
      ...(afterStep !== undefined && { afterTimeStep: afterStep }),
    }).catch(() => ({ valid: false as const }));
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  },
  // Loaded when the first code is shown: the CLI never draws one.
  qrSvg: async (uri) =>
    (await import('qrcode')).default.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
};
