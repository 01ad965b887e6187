import { html, type SafeHtml } from '../../core/html.js';

/**
 * The opening tag of the box a wide table scrolls sideways in on a phone (`.scroll`; its `</div>` closes after the
 * table). A keyboard user must be able to scroll it too, so it takes focus, and a region with the table's name says
 * what the focus landed on (axe: scrollable-region-focusable).
 */
export const scrollRegion = (label: string): SafeHtml =>
  html`<div class="scroll" role="region" aria-label="${label}" tabindex="0">`;
