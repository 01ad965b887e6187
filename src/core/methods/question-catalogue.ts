/**
 * The 35 predefined security questions, written for this project (not Microsoft's list). Their
 * English and Dutch texts are i18n messages `securityQuestion.<id>`. Ids are stable (`q01`…`q35`):
 * stored answers refer to them, so a question may be reworded but never renumbered or replaced.
 */
export const predefinedQuestionIds: readonly string[] = Array.from(
  { length: 35 },
  (_, index) => `q${String(index + 1).padStart(2, '0')}`,
);

/** Custom question ids carry a prefix so they can never collide with a predefined id. */
export const isCustomQuestionId = (id: string): boolean => id.startsWith('custom-');
