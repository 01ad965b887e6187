/**
 * `sspr agent enroll|list|rotate-keys|revoke` and `sspr directory add --agent` as an operator runs them: the
 * commands in-process on a real SQLite file. The token is printed once and stored only as a keyed hash.
 */
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { currentAgentVersion } from '../../../src/core/directory/agent-version.js';
import { useCliSandbox } from '../../support/cli.js';
import { baseDn, serviceDn } from '../../support/slapd.js';

vi.setConfig({ testTimeout: 60_000 });

const { databaseFile, sspr, json } = useCliSandbox('sspr-cli-agent-');

beforeAll(async () => {
  await json('tenant', 'create', '--name', 'Example', '--domain', 'example.org', '--country', 'NL');
});

describe('sspr agent', () => {
  it('enrolls an agent, links a connection to it, shows its status and revokes it', async () => {
    const enrolled = await json('agent', 'enroll', '--tenant', 'example.org', '--name', 'Amsterdam DC');
    expect(enrolled).toMatchObject({
      name: 'Amsterdam DC',
      status: 'notConnected',
      keyPinned: false,
      token: expect.stringMatching(/^sspra_/),
    });
    expect(readFileSync(databaseFile).includes(Buffer.from(enrolled.token))).toBe(false);

    const withPassword = await sspr(
      'directory',
      'add',
      '--tenant',
      'example.org',
      '--type',
      'openldap',
      '--url',
      'ldaps://dc.example.org',
      '--bind-dn',
      serviceDn,
      '--bind-password',
      'secret',
      '--base-dn',
      baseDn,
      '--agent',
      enrolled.agentId,
      '--json',
    );
    expect(withPassword.code).not.toBe(0);
    expect(JSON.parse(withPassword.stderr).error.code).toBe('VALIDATION_FAILED');
    const added = await json(
      'directory',
      'add',
      '--tenant',
      'example.org',
      '--type',
      'openldap',
      '--url',
      'ldaps://dc.example.org',
      '--bind-dn',
      serviceDn,
      '--base-dn',
      baseDn,
      '--agent',
      enrolled.agentId,
    );
    expect(added).toMatchObject({ agentId: enrolled.agentId, url: 'ldaps://dc.example.org' });

    const listed = await json('directory', 'list', '--tenant', 'example.org');
    expect(listed[0].agent).toMatchObject({
      agentId: enrolled.agentId,
      status: 'notConnected',
      message: "We can't connect to your on-premises writeback client right now.",
    });
    expect((await sspr('directory', 'list', '--tenant', 'example.org')).stdout).toContain(
      "can't connect to your on-premises writeback client",
    );
    const agents = (await sspr('agent', 'list', '--tenant', 'example.org')).stdout;
    expect(agents).toContain('Amsterdam DC');
    expect(agents).toContain('LAST POLL');
    expect((await json('agent', 'list', '--tenant', 'example.org'))[0]).toMatchObject({
      lastHeartbeatAt: null,
      lastPollAt: null,
    });
    expect(agents).not.toContain(enrolled.token);

    expect(await json('agent', 'rotate-keys', '--tenant', 'example.org', '--id', enrolled.agentId)).toEqual({
      agentId: enrolled.agentId,
      done: 'rotate-keys',
    });
    expect(await json('agent', 'revoke', '--tenant', 'example.org', '--id', enrolled.agentId)).toEqual({
      agentId: enrolled.agentId,
      done: 'revoke',
    });
    const again = await sspr('agent', 'revoke', '--tenant', 'example.org', '--id', enrolled.agentId, '--json');
    expect(JSON.parse(again.stderr).error.code).toBe('AGENT_NOT_FOUND');
    expect((await json('agent', 'list', '--tenant', 'example.org'))[0]).toMatchObject({ status: 'revoked' });
  });

  it("shows Entra's out-of-date line for an agent that reported a version below the minimum", async () => {
    const enrolled = await json('agent', 'enroll', '--tenant', 'example.org', '--name', 'Old Branch');
    // The version as a heartbeat from an old agent leaves it (the service's own path is tested over HTTP).
    const db = new Database(databaseFile);
    db.prepare('update agents set version = ?, last_heartbeat_at = ? where agent_id = ?').run(
      '0.0.1',
      new Date().toISOString(),
      enrolled.agentId,
    );
    db.close();
    const listed = (await json('agent', 'list', '--tenant', 'example.org')).find(
      (a: { agentId: string }) => a.agentId === enrolled.agentId,
    );
    expect(listed).toMatchObject({ status: 'unsupported', version: '0.0.1', upgradeTo: currentAgentVersion });
    const text = (await sspr('agent', 'list', '--tenant', 'example.org')).stdout;
    expect(text).toMatch(/unsupported\s+0\.0\.1/);
    expect(text).toContain(
      `Old Branch: We can't check your on-premises writeback client status because the installed version of the OpenSSPR agent is out-of-date. Please upgrade the agent: until then, no password is written back through it. (upgrade to ${currentAgentVersion})`,
    );
  });

  it('refuses to run without the directory settings, naming what is missing', async () => {
    const result = await sspr('agent', '--server', 'http://127.0.0.1:9', '--token', 'x');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--directory-url');
  });
});
