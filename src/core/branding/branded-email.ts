/**
 * A tenant's branding on an outgoing email (issue 14 item 5): the display name heads the text part, and the HTML
 * part (made from the text when the message has none) opens with the name on a bar in the accent colour. Email
 * clients ignore stylesheets, so the HTML carries inline styles; the accent passed the contrast check, so white
 * on it stays readable. Pure: the delivery worker applies it just before sending.
 */
import { escapeHtml } from '../html.js';
import { defaultAccentColour, type Branding } from './branding.js';

export interface EmailContent {
  subject: string;
  text: string;
  html?: string;
}

/** The name shown for the tenant: its branding's display name, else the tenant's own name. */
export const brandName = (branding: Pick<Branding, 'displayName'>, tenantName: string) =>
  branding.displayName ?? tenantName;

const bar = (name: string, accent: string) =>
  `<div style="background:${accent};color:#ffffff;padding:12px 16px;font:600 18px/1.3 sans-serif">${escapeHtml(name)}</div>`;

/** Paragraphs at blank lines, line breaks kept, everything escaped. */
const htmlOfText = (text: string) =>
  text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('');

/** Unchanged when the tenant has no name or colour of its own: the product default stays as it was. */
export const brandEmail = (
  message: EmailContent,
  branding: Pick<Branding, 'displayName' | 'accentColour'>,
  tenantName: string,
): EmailContent => {
  if (branding.displayName === null && branding.accentColour === null) return message;
  const name = brandName(branding, tenantName);
  const header = bar(name, branding.accentColour ?? defaultAccentColour);
  const html =
    message.html !== undefined && /<body[^>]*>/i.test(message.html)
      ? message.html.replace(/<body[^>]*>/i, (body) => `${body}${header}`)
      : `<!doctype html><html><body>${header}<div style="padding:0 16px;font:16px/1.5 sans-serif">${htmlOfText(message.text)}</div></body></html>`;
  return { subject: message.subject, text: `${name}\n\n${message.text}`, html };
};
