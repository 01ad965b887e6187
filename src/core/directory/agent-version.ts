/**
 * Which OpenSSPR agent versions the service works with (issue 7, Entra's "out-of-date" writeback client lines,
 * reference §3). The agent ships in the same package as the service, so the current agent version is the package
 * version (a unit test keeps them equal); the minimum is the oldest agent whose protocol the service still speaks.
 * Pure: Semantic Versioning 2.0.0 precedence, no I/O.
 */

/** The version `sspr agent` reports; equal to package.json's `version`. */
export const currentAgentVersion = '0.1.0';

/** Agents older than this are refused (AGENT_OUTDATED): raise it when the agent protocol changes incompatibly. */
export const minimumAgentVersion = '0.1.0';

export interface AgentVersionPolicy {
  current: string;
  minimum: string;
}

export const agentVersionPolicy: AgentVersionPolicy = { current: currentAgentVersion, minimum: minimumAgentVersion };

interface ParsedVersion {
  core: [number, number, number];
  prerelease: string[];
}

const numeric = /^(0|[1-9]\d*)$/;
const identifier = /^[0-9A-Za-z-]+$/;

/** `MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]`; anything else (leading zeros, empty identifiers, `v1.0`) is undefined. */
export const parseVersion = (text: string): ParsedVersion | undefined => {
  const [withoutBuild = '', build, ...more] = text.split('+');
  if (more.length > 0 || (build !== undefined && !build.split('.').every((part) => identifier.test(part))))
    return undefined;
  const dash = withoutBuild.indexOf('-');
  const core = (dash < 0 ? withoutBuild : withoutBuild.slice(0, dash)).split('.');
  const prerelease = dash < 0 ? [] : withoutBuild.slice(dash + 1).split('.');
  if (core.length !== 3 || !core.every((part) => numeric.test(part))) return undefined;
  if (!prerelease.every((part) => identifier.test(part) && (!/^\d+$/.test(part) || numeric.test(part))))
    return undefined;
  const [major, minor, patch] = core.map(Number) as [number, number, number];
  if (![major, minor, patch].every(Number.isSafeInteger)) return undefined;
  return { core: [major, minor, patch], prerelease };
};

const sign = (n: number): -1 | 0 | 1 => (n < 0 ? -1 : n > 0 ? 1 : 0);

/** SemVer §11: numeric identifiers compare as numbers and rank below alphanumeric ones; a shorter prefix ranks lower. */
const comparePrerelease = (a: string[], b: string[]): -1 | 0 | 1 => {
  // A release ranks above any of its pre-releases: 1.0.0-rc.1 < 1.0.0.
  if (a.length === 0 || b.length === 0) return sign(b.length - a.length);
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    const xNum = /^\d+$/.test(x);
    const yNum = /^\d+$/.test(y);
    if (xNum && yNum) return sign(Number(x) - Number(y));
    if (xNum !== yNum) return xNum ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return sign(a.length - b.length);
};

/** Precedence of two versions (build metadata ignored); undefined when either is not a semantic version. */
export const compareVersions = (a: string, b: string): -1 | 0 | 1 | undefined => {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) return undefined;
  for (let i = 0; i < 3; i += 1) {
    if (x.core[i] !== y.core[i]) return sign(x.core[i]! - y.core[i]!);
  }
  return comparePrerelease(x.prerelease, y.prerelease);
};

/**
 * Where an agent's reported version stands: `current` (this release or newer), `outdated` (still served, should be
 * upgraded) or `unsupported` (below the minimum — and an unparseable version, whose protocol we cannot know).
 * An agent that has reported no version yet is `unknown`.
 */
export type AgentVersionStanding = 'current' | 'outdated' | 'unsupported' | 'unknown';

export const agentVersionStanding = (
  version: string | null,
  policy: AgentVersionPolicy = agentVersionPolicy,
): AgentVersionStanding => {
  if (version === null) return 'unknown';
  const toMinimum = compareVersions(version, policy.minimum);
  if (toMinimum === undefined || toMinimum < 0) return 'unsupported';
  return (compareVersions(version, policy.current) ?? -1) < 0 ? 'outdated' : 'current';
};
