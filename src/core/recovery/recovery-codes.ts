/**
 * Recovery codes (Kratos' lookup secrets, PWM's recovery codes): ten single-use codes a user makes on
 * the security-info page, prints or stores, and types at a reset gate when the phone is gone. Shown
 * once; a new set revokes the old one. Each is a 120-bit lookup secret, so a keyed hash stores it.
 */
export const recoveryCodeRules = { count: 10 } as const;

/** What the user and the console may see of a set: how many are left, never a code. */
export interface RecoveryCodeStatus {
  /** Unused codes of the current set (0: none made, or all used). */
  remaining: number;
  /** When the current set was made; null when the user never made one. */
  createdAt: string | null;
}
