import type { BannedTermMatch } from './banned-terms-index.js';

export interface BannedScore {
  /** 1 point per banned term counted + 1 point per remaining character. */
  score: number;
  counted: Array<BannedTermMatch & { list: 'global' | 'custom' }>;
}

/**
 * Scores a normalised password (reference §5.4). Overlapping matches are resolved greedily:
 * exact matches before fuzzy ones, longer before shorter, earlier before later — so the documented
 * examples come out as documented ("contosoblank12" = contoso + blank + 1 + 2 = 4), and a fuzzy
 * match can never hide an exact one. Characters are counted in code points.
 */
export const scoreBannedTerms = (
  password: string,
  matches: Array<BannedTermMatch & { list: 'global' | 'custom' }>,
): BannedScore => {
  const units = [...password];
  // Matches are in UTF-16 offsets; map them to code-point positions.
  const codePointAt: number[] = [];
  let offset = 0;
  units.forEach((unit, index) => {
    for (let k = 0; k < unit.length; k++) codePointAt[offset + k] = index;
    offset += unit.length;
  });
  codePointAt[offset] = units.length;

  const ordered = [...matches].sort(
    (a, b) => Number(b.exact) - Number(a.exact) || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const covered = new Array<boolean>(units.length).fill(false);
  const counted: BannedScore['counted'] = [];
  for (const match of ordered) {
    const from = codePointAt[match.start]!;
    const to = codePointAt[match.end]!;
    let free = true;
    for (let i = from; i < to && free; i++) free = !covered[i];
    if (!free) continue;
    for (let i = from; i < to; i++) covered[i] = true;
    counted.push(match);
  }
  return { score: counted.length + covered.filter((c) => !c).length, counted };
};
