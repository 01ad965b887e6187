import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  agentVersionStanding,
  compareVersions,
  currentAgentVersion,
  minimumAgentVersion,
  parseVersion,
} from './agent-version.js';

describe('agent versions (Semantic Versioning 2.0.0 precedence)', () => {
  it('orders the SemVer specification example chain', () => {
    const chain = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.1.0',
      '2.0.0',
    ];
    for (let i = 0; i < chain.length - 1; i += 1) {
      expect(compareVersions(chain[i]!, chain[i + 1]!), `${chain[i]} < ${chain[i + 1]}`).toBe(-1);
      expect(compareVersions(chain[i + 1]!, chain[i]!), `${chain[i + 1]} > ${chain[i]}`).toBe(1);
    }
  });

  it('compares numbers as numbers, not as text, and ignores build metadata', () => {
    expect(compareVersions('0.10.0', '0.9.9')).toBe(1);
    expect(compareVersions('10.0.0', '9.0.0')).toBe(1);
    expect(compareVersions('1.0.0+build.5', '1.0.0+build.7')).toBe(0);
    expect(compareVersions('1.0.0-rc.1+x', '1.0.0')).toBe(-1);
  });

  it('refuses what is not a semantic version', () => {
    for (const text of [
      '',
      '1',
      '1.0',
      'v1.0.0',
      '01.0.0',
      '1.0.0-',
      '1.0.0-01',
      '1.0.0-a..b',
      '1.0.0+',
      '1.0.0+a+b',
      '1.0.0 ',
      'dev',
      '9007199254740993.0.0',
    ]) {
      expect(parseVersion(text), JSON.stringify(text)).toBeUndefined();
      expect(compareVersions(text, '1.0.0')).toBeUndefined();
    }
    expect(parseVersion('1.2.3-rc.1+sha.5114f85')).toEqual({ core: [1, 2, 3], prerelease: ['rc', '1'] });
  });

  it('places an agent: current, outdated (still served), unsupported (below the minimum or unreadable), unknown', () => {
    const policy = { current: '1.4.0', minimum: '1.2.0' };
    expect(agentVersionStanding('1.4.0', policy)).toBe('current');
    expect(agentVersionStanding('1.5.0-beta.1', policy)).toBe('current');
    expect(agentVersionStanding('1.4.0-rc.1', policy)).toBe('outdated');
    expect(agentVersionStanding('1.2.0', policy)).toBe('outdated');
    expect(agentVersionStanding('1.2.0-rc.9', policy)).toBe('unsupported');
    expect(agentVersionStanding('1.1.99', policy)).toBe('unsupported');
    expect(agentVersionStanding('latest', policy)).toBe('unsupported');
    expect(agentVersionStanding(null, policy)).toBe('unknown');
  });

  it("is the package's version, and the minimum is not newer than it", () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(currentAgentVersion).toBe(pkg.version);
    expect(compareVersions(minimumAgentVersion, currentAgentVersion)).toBeLessThanOrEqual(0);
    expect(agentVersionStanding(currentAgentVersion)).toBe('current');
  });
});
