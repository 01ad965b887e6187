import { describe, expect, it } from 'vitest';
import { emptyCounts, type DirectorySyncState } from '../../core/directory/sync-model.js';
import type { AgentView } from '../../services/agent/agent-service.js';
import type { DirectoryConnectionView } from '../../services/directory/directory-service.js';
import { escapeHtml } from '../../core/html.js';
import { renderAgentsPanel } from './agents-panel.js';
import { renderOnPremisesStatus } from './on-premises-panel.js';
import type { SyncSection } from './sync-panel.js';

const connection: DirectoryConnectionView = {
  tenantId: 't',
  connectionId: 'c1',
  type: 'ad',
  url: 'ldaps://dc1.contoso.local',
  bindDn: 'CN=sspr,DC=contoso,DC=local',
  baseDn: 'DC=contoso,DC=local',
  userFilter: null,
  startTls: false,
  caFile: null,
  mode: 'passwordHashSync',
  protectedGroups: [],
  createdAt: '2026-03-01T09:00:00.000Z',
  updatedAt: '2026-03-01T09:00:00.000Z',
  lastTest: null,
  agentId: 'a1',
};
const agent = (status: AgentView['status'], version = '0.1.0', upgradeTo: string | null = null): AgentView => ({
  tenantId: 't',
  agentId: 'a1',
  name: '<b>Amsterdam</b>',
  version,
  lastHeartbeatAt: '2026-03-01T09:05:00.000Z',
  createdAt: '2026-03-01T09:00:00.000Z',
  revokedAt: status === 'revoked' ? '2026-03-01T10:00:00.000Z' : null,
  keyPinned: true,
  status,
  message: '',
  upgradeTo,
});
const forms = { actions: { enroll: '/e', revoke: '/r', rotateKeys: '/k' }, csrf: 'tok' };

describe('On-premises tab with an agent connection', () => {
  it("shows Entra's writeback client line from the agent's heartbeat, with its version, in English and Dutch", () => {
    const up = renderOnPremisesStatus('en', [connection], undefined, [agent('connected')]).toString();
    expect(up).toContain('Your on-premises writeback client is up and running.');
    expect(up).toContain('version 0.1.0 · last heartbeat 2026-03-01 09:05 UTC');
    expect(up).toContain('&lt;b&gt;Amsterdam&lt;/b&gt;');
    expect(up).not.toContain('<b>Amsterdam');
    const down = renderOnPremisesStatus('nl', [connection], undefined, [agent('notConnected')]).toString();
    expect(down).toContain('We kunnen nu geen verbinding maken met uw on-premises terugschrijfclient');
    expect(renderOnPremisesStatus('en', [connection], undefined, []).toString()).toContain(
      'connect to your on-premises writeback client right now.',
    );
  });

  it("says an agent is out-of-date as Entra does, and that one below the minimum can't be checked or used (EN/NL)", () => {
    const outdated = renderOnPremisesStatus('en', [connection], undefined, [
      agent('outdated', '0.1.0', '0.2.0'),
    ]).toString();
    expect(outdated).toContain(
      'Your on-premises writeback client is connected. However, the installed version of the OpenSSPR agent (0.1.0) is out-of-date. Please upgrade the agent to version 0.2.0.',
    );
    const unsupported = renderOnPremisesStatus('nl', [connection], undefined, [
      agent('unsupported', '0.0.9', '0.2.0'),
    ]).toString();
    expect(unsupported).toContain(
      'We kunnen de status van uw on-premises terugschrijfclient niet controleren omdat de geïnstalleerde versie van de OpenSSPR-agent (0.0.9) verouderd is',
    );
    expect(renderOnPremisesStatus('en', [connection], undefined, [agent('revoked')]).toString()).toContain(
      'this agent was revoked',
    );
  });
});

describe('the On-premises agents section', () => {
  it('gives writers the enrol form and, per live agent, rotate and revoke buttons with their CSRF token', () => {
    const page = renderAgentsPanel(
      'en',
      [agent('connected'), { ...agent('revoked'), agentId: 'a2' }],
      forms,
    ).toString();
    expect(page).toContain('action="/e"');
    expect(page.match(/name="_csrf" value="tok"/g)).toHaveLength(3);
    expect(page).toContain('name="agentId" value="a1"');
    expect(page).not.toContain('name="agentId" value="a2"');
    expect(page).toContain('Revoke &lt;b&gt;Amsterdam&lt;/b&gt;');
    expect(page).toContain(escapeHtml("can't be undone"));
  });

  it('shows readers the list only, and says when there is no agent (NL)', () => {
    const page = renderAgentsPanel('en', [agent('notConnected')]).toString();
    expect(page).toContain(escapeHtml("We can't connect to your on-premises writeback client right now."));
    expect(page).toContain('version 0.1.0 · last heartbeat 2026-03-01 09:05 UTC');
    expect(page).not.toContain('<form');
    expect(renderAgentsPanel('nl', []).toString()).toContain('Er is geen agent ingeschreven.');
  });
});

describe('the On-premises directory sync section', () => {
  const direct: DirectoryConnectionView = { ...connection, agentId: null, type: 'openldap', deletionThreshold: 500 };
  const counts = { ...emptyCounts(true), created: 3, updated: 2, disabled: 1, unchanged: 40 };
  const state = (changes: Partial<DirectorySyncState>): DirectorySyncState => ({
    tenantId: 't',
    connectionId: 'c1',
    watermark: null,
    lastRunAt: null,
    lastFullRunAt: null,
    lastOutcome: null,
    lastCounts: null,
    lastFailure: null,
    lockOwner: null,
    lockedUntil: null,
    ...changes,
  });
  const render = (
    locale: 'en' | 'nl',
    synced: DirectorySyncState | undefined,
    extra: Partial<SyncSection> = {},
    c = direct,
  ) =>
    renderOnPremisesStatus(locale, [c], undefined, [], {
      states: new Map([['c1', synced]]),
      domain: 'contoso.example',
      ...extra,
    }).toString();

  it('shows the last run, its counts, the last full run and the threshold to a reader, without a form', () => {
    const page = render(
      'en',
      state({
        lastRunAt: '2026-03-02T08:00:00.000Z',
        lastFullRunAt: '2026-03-02T08:00:00.000Z',
        lastOutcome: 'success',
        lastCounts: counts,
      }),
    );
    expect(page).toContain('2026-03-02 08:00 UTC · full · succeeded');
    expect(page).toContain('3 created, 2 updated, 1 disabled, 40 unchanged (full)');
    expect(page).toContain(
      'A sync disables and deletes nothing when it would disable users and delete groups, more than 500 in all.',
    );
    expect(page).not.toContain('<form');
    expect(page).not.toContain('--allow-deletions');
    const adCounts = (deletionsSeen: boolean | undefined) =>
      render(
        'en',
        state({
          lastRunAt: '2026-03-02T08:00:00.000Z',
          lastOutcome: 'success',
          lastCounts: { ...counts, full: false, deletionsSeen: deletionsSeen as boolean },
        }),
        {},
        { ...direct, type: 'ad' },
      );
    expect(adCounts(false)).toContain(
      '(incremental) · deletions not seen: the service account can&#39;t read Deleted Objects',
    );
    expect(adCounts(true)).not.toContain('deletions not seen');
    expect(adCounts(undefined)).not.toContain('deletions not seen');
    const never = render('nl', undefined, {}, { ...direct, deletionThreshold: 0 });
    expect(never).toContain('Deze verbinding is nog niet gesynchroniseerd.');
    expect(never).toContain('Er is nog geen volledige synchronisatie geslaagd.');
    expect(never).toContain('Uit: een synchronisatie schakelt elke gebruiker uit');
  });

  it('warns when the last full run stopped at the threshold, with the pending count and the exact command (EN/NL)', () => {
    const stopped = state({
      lastRunAt: '2026-03-03T08:00:00.000Z',
      lastFullRunAt: '2026-03-01T08:00:00.000Z',
      lastOutcome: 'failure',
      lastCounts: counts,
      lastFailure: {
        code: 'DIRECTORY_SYNC_THRESHOLD_EXCEEDED',
        details: { pending: 612, pendingUsers: 600, pendingGroups: 12, threshold: 500 },
        full: true,
      },
    });
    const en = render('en', stopped);
    expect(en).toContain('2026-03-03 08:00 UTC · full · stopped at the deletion threshold');
    expect(en).toContain(
      'it would have disabled 600 users and deleted 12 groups, 612 in all, more than the threshold of 500, so it did none of it.',
    );
    expect(en).toContain('<code>sspr sync --tenant contoso.example --full --allow-deletions</code>');
    expect(en).toContain('2026-03-01 08:00 UTC');
    const nl = render('nl', stopped);
    expect(nl).toContain(
      '600 gebruikers hebben uitgeschakeld en 12 groepen hebben verwijderd, samen 612, meer dan de drempel van 500',
    );
    // An incremental run stopped by disables: the command without --full; a record from before groups were counted.
    const incremental = render(
      'en',
      state({
        lastRunAt: '2026-03-03T08:00:00.000Z',
        lastOutcome: 'failure',
        lastCounts: counts,
        lastFailure: { code: 'DIRECTORY_SYNC_THRESHOLD_EXCEEDED', details: { pending: 7, threshold: 5 }, full: false },
      }),
    );
    expect(incremental).toContain('<code>sspr sync --tenant contoso.example --allow-deletions</code>');
    expect(incremental).toContain('it would have disabled 7 users and deleted 0 groups, 7 in all');
    expect(nl).toContain('volledig · gestopt bij de verwijderdrempel');
    // Another failure says what it was, and no threshold warning.
    const unreachable = render(
      'en',
      state({
        lastRunAt: '2026-03-03T08:00:00.000Z',
        lastOutcome: 'failure',
        lastFailure: { code: 'DIRECTORY_UNREACHABLE', details: {}, full: false },
      }),
    );
    expect(unreachable).toContain(`incremental · ${escapeHtml("failed: the directory couldn't be reached")}`);
    expect(unreachable).not.toContain('--allow-deletions');
    expect(
      render(
        'en',
        state({
          lastRunAt: '2026-03-03T08:00:00.000Z',
          lastOutcome: 'failure',
          lastFailure: { code: 'SOMETHING_NEW', details: {} },
        }),
      ),
    ).toContain('2026-03-03 08:00 UTC · failed (SOMETHING_NEW)');
  });

  it('gives a writer the threshold form with its CSRF token, and shows a refused value with the stable message', () => {
    const form = render('en', undefined, { form: { action: '/thr', csrf: 'tok' } });
    expect(form).toContain('action="/thr"');
    expect(form).toContain('name="_csrf" value="tok"');
    expect(form).toContain('name="connectionId" value="c1"');
    expect(form).toContain('name="deletionThreshold" value="500"');
    expect(form).not.toContain('aria-invalid');
    const refused = render('nl', undefined, {
      form: { action: '/thr', csrf: 'tok', refused: { connectionId: 'c1', value: '"12x' } },
    });
    expect(refused).toContain('Voer een geheel getal in van 0 (uit) tot 1000000.');
    expect(refused).toContain('value="&quot;12x"');
    expect(refused).toContain('aria-invalid="true"');
    expect(render('en', undefined, { saved: true })).toContain('The deletion threshold was saved.');
  });
});
