/** An administrator's temporary password (a reset or a new user): drawn at random until one passes the tenant's policy. */
import { SsprError } from '../../core/errors.js';
import type { RandomSource } from '../../core/ports.js';
import { temporaryPasswordBytes, temporaryPasswordFrom } from '../../core/password/temporary-password.js';
import type { PasswordProtectionService, PasswordSubject } from './password-protection-service.js';

export const drawTemporaryPassword = async (
  random: RandomSource,
  protection: Pick<PasswordProtectionService, 'evaluate'>,
  subject: PasswordSubject,
): Promise<string> => {
  // A draw almost never misses a class or the banned list; a few tries make "never" certain enough.
  for (let attempt = 0; attempt < 10; attempt++) {
    const candidate = temporaryPasswordFrom(random.token(temporaryPasswordBytes));
    if (candidate && (await protection.evaluate(subject, candidate)).accepted) return candidate;
  }
  throw new SsprError('INTERNAL_ERROR', 'no temporary password passed the policy');
};
