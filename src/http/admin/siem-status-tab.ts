/**
 * The blade's SIEM stream tab (issue 15): per configured destination and source, how far the stream got (the last
 * acknowledged position and when), what still waits, and the last failed send. The same figures as
 * `GET /api/v1/admin/siem/status`; read by the roles that read the audit log.
 */
import { html } from '../../core/html.js';
import { siemDestinations } from '../../config/audit-config.js';
import { signInSettleSeconds } from '../../services/audit/siem-sources.js';
import { t } from '../portal/layout.js';
import { localeOf } from '../request-context.js';
import type { BladePage } from './blade-tab.js';
import { tenantOf } from './console-page.js';
import { scrollRegion } from './scroll-region.js';

const when = (instant: string | null, never: string) => (instant ? instant.slice(0, 19).replace('T', ' ') : never);

export const siemStatusTab: BladePage = {
  slug: 'siem-stream',
  title: 'admin.tab.siemStream',
  area: 'monitoring',
  content: async (request, { config, services }) => {
    const locale = localeOf(request);
    const destinations = siemDestinations(config.audit);
    if (destinations.length === 0) return html`<p role="status">${t(locale, 'reports.siem.none')}</p>`;
    const rows = await services.siemStatus.status(tenantOf(request), destinations);
    const never = t(locale, 'reports.siem.never');
    return html`<p>${t(locale, 'reports.siem.intro', { settle: signInSettleSeconds })}</p>
${scrollRegion(t(locale, 'reports.siem.caption'))}<table><caption>${t(locale, 'reports.siem.caption')}</caption>
<thead><tr><th scope="col">${t(locale, 'reports.siem.destination')}</th><th scope="col">${t(locale, 'reports.siem.source')}</th><th scope="col">${t(locale, 'reports.siem.position')}</th><th scope="col">${t(locale, 'reports.siem.forwardedAt')}</th><th scope="col">${t(locale, 'reports.siem.pending')}</th><th scope="col">${t(locale, 'reports.siem.lastError')}</th><th scope="col">${t(locale, 'reports.siem.lastErrorAt')}</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><th scope="row">${r.sink} (${r.destination})</th><td>${t(locale, r.source === 'signIn' ? 'reports.siem.source.signIn' : 'reports.siem.source.audit')}</td><td>${r.position}</td><td>${when(r.forwardedAt, never)}</td><td>${r.pending}</td><td>${r.lastError ?? ''}</td><td>${when(r.lastErrorAt, '')}</td></tr>`)}</tbody></table></div>`;
  },
};
