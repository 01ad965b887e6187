import { describe, expect, it } from 'vitest';
import { html } from './html.js';

describe('html', () => {
  it('escapes interpolated text but not nested templates', () => {
    const name = '<script>alert("x")</script>';
    expect(html`<p>${name}</p>`.value).toBe('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>');
    expect(html`<ul>${['a', 'b'].map((v) => html`<li>${v}</li>`)}</ul>`.value).toBe('<ul><li>a</li><li>b</li></ul>');
    expect(html`<a title='${"'"}'>`.value).toBe("<a title='&#39;'>");
    expect(html`${null}${undefined}${false}${0}`.value).toBe('0');
  });
});
