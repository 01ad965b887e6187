/**
 * Charts drawn on the server as SVG, so they work without JavaScript: a few rects and labels. The
 * numbers are always also in a table beside the chart (the accessible form), so the SVG is one
 * labelled image and screen readers read the table.
 */
import { html, type SafeHtml } from '../../core/html.js';
import { scrollRegion } from './scroll-region.js';

export interface Series {
  label: string;
  /** A CSS colour; paired with a pattern-free legend, the table carries the numbers for everyone. */
  colour: string;
  values: readonly number[];
}

const width = 640;
const height = 200;
const pad = { left: 36, bottom: 24, top: 8 };

/** Grouped columns per category (a day, a method), one colour per series, with a y-axis maximum label. */
export const columnChart = (title: string, categories: readonly string[], series: readonly Series[]): SafeHtml => {
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const plotHeight = height - pad.bottom - pad.top;
  const slot = (width - pad.left) / Math.max(1, categories.length);
  const bar = Math.max(1, (slot * 0.8) / Math.max(1, series.length));
  const rects = categories.flatMap((_, i) =>
    series.map((s, j) => {
      const value = s.values[i] ?? 0;
      const h = (value / max) * plotHeight;
      const x = pad.left + i * slot + slot * 0.1 + j * bar;
      return html`<rect x="${x.toFixed(1)}" y="${(pad.top + plotHeight - h).toFixed(1)}" width="${bar.toFixed(1)}" height="${h.toFixed(1)}" fill="${s.colour}"></rect>`;
    }),
  );
  // Label at most about 8 categories so they never overlap.
  const every = Math.max(1, Math.ceil(categories.length / 8));
  const labels = categories.map((c, i) =>
    i % every === 0
      ? html`<text x="${(pad.left + i * slot + slot / 2).toFixed(1)}" y="${height - 6}" text-anchor="middle" font-size="11">${c}</text>`
      : '',
  );
  return html`<figure class="chart"><svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${title}" xmlns="http://www.w3.org/2000/svg">
<line x1="${pad.left}" y1="${pad.top + plotHeight}" x2="${width}" y2="${pad.top + plotHeight}" stroke="currentColor"></line>
<text x="${pad.left - 4}" y="${pad.top + 10}" text-anchor="end" font-size="11">${max}</text>
<text x="${pad.left - 4}" y="${pad.top + plotHeight}" text-anchor="end" font-size="11">0</text>
${rects}${labels}</svg>
<figcaption>${title}: ${series.map((s) => html`<span class="legend"><svg width="10" height="10" aria-hidden="true"><rect width="10" height="10" fill="${s.colour}"></rect></svg> ${s.label}</span> `)}</figcaption></figure>`;
};

/** A table of the same numbers as the chart: a row per category, a column per series. */
export const numbersTable = (
  caption: string,
  head: string,
  categories: readonly string[],
  series: ReadonlyArray<Pick<Series, 'label' | 'values'>>,
): SafeHtml =>
  html`${scrollRegion(caption)}<table><caption>${caption}</caption>
<thead><tr><th scope="col">${head}</th>${series.map((s) => html`<th scope="col">${s.label}</th>`)}</tr></thead>
<tbody>${categories.map((c, i) => html`<tr><th scope="row">${c}</th>${series.map((s) => html`<td>${s.values[i] ?? 0}</td>`)}</tr>`)}</tbody>
</table></div>`;
