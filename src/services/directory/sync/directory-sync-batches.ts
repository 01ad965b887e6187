/** Runs `work` over consecutive slices of at most `size` items, in order: one bounded transaction each. */
export const inBatchesOf = async <T>(
  items: readonly T[],
  size: number,
  work: (batch: T[]) => Promise<unknown>,
): Promise<void> => {
  for (let i = 0; i < items.length; i += size) await work(items.slice(i, i + size));
};
