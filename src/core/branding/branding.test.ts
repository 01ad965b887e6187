import { describe, expect, it } from 'vitest';
import { SsprError } from '../errors.js';
import { brandEmail } from './branded-email.js';
import {
  brandingLimits,
  checkAccentColour,
  checkBrandingChanges,
  checkLogo,
  checkSignInText,
  contrastWithWhite,
  defaultAccentColour,
} from './branding.js';

const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as SsprError).code;
  }
  return 'accepted';
};

describe('company branding rules', () => {
  it('computes WCAG contrast with white (black 21:1, white 1:1, the product default above 4.5:1)', () => {
    expect(contrastWithWhite('#000000')).toBeCloseTo(21, 5);
    expect(contrastWithWhite('#ffffff')).toBeCloseTo(1, 5);
    expect(contrastWithWhite(defaultAccentColour)).toBeGreaterThan(4.5);
    // #767676 is the classic lightest grey that passes AA on white; #777777 just fails.
    expect(contrastWithWhite('#767676')).toBeGreaterThanOrEqual(4.5);
    expect(contrastWithWhite('#777777')).toBeLessThan(4.5);
  });

  it('accepts #rrggbb with enough contrast, normalised, and refuses the rest with stable codes', () => {
    expect(checkAccentColour(' #0B57D0 ')).toBe('#0b57d0');
    expect(codeOf(() => checkAccentColour('#777777'))).toBe('BRANDING_COLOUR_LOW_CONTRAST');
    expect(codeOf(() => checkAccentColour('#ffff00'))).toBe('BRANDING_COLOUR_LOW_CONTRAST');
    for (const bad of ['0b57d0', '#0b57d', 'red', '#0b57d0;}', 'url(x)', '#GGGGGG'])
      expect(codeOf(() => checkAccentColour(bad))).toBe('BRANDING_COLOUR_INVALID');
  });

  it('keeps sign-in text as plain text up to 1,024 characters', () => {
    expect(checkSignInText('  Line one\r\nLine <b>two</b>  ')).toBe('Line one\nLine <b>two</b>');
    expect(checkSignInText('   ')).toBeNull();
    expect(checkSignInText('é'.repeat(brandingLimits.signInText))).toHaveLength(1024);
    expect(codeOf(() => checkSignInText('x'.repeat(1025)))).toBe('BRANDING_TEXT_TOO_LONG');
    expect(codeOf(() => checkSignInText('bell\u0007'))).toBe('BRANDING_TEXT_INVALID');
  });

  it('knows a logo by its magic bytes: PNG and JPEG only, never SVG, at most 100 KB', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
    expect(checkLogo(png)).toBe('image/png');
    expect(checkLogo(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(codeOf(() => checkLogo(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>')))).toBe(
      'BRANDING_LOGO_INVALID',
    );
    expect(codeOf(() => checkLogo(new Uint8Array(0)))).toBe('BRANDING_LOGO_INVALID');
    const big = new Uint8Array(brandingLimits.logoBytes + 1);
    big.set(png);
    expect(codeOf(() => checkLogo(big))).toBe('BRANDING_LOGO_TOO_LARGE');
  });

  it('treats null and empty as "back to the default" and checks every field of a change', () => {
    expect(checkBrandingChanges({ displayName: '', accentColour: null, signInText: ' ' })).toEqual({
      displayName: null,
      accentColour: null,
      signInText: null,
    });
    expect(codeOf(() => checkBrandingChanges({ displayName: 'Fine', accentColour: '#eeeeee' }))).toBe(
      'BRANDING_COLOUR_LOW_CONTRAST',
    );
  });

  it('brands an email: name atop the text, an escaped HTML part with the accent bar; unbranded mail unchanged', () => {
    const message = { subject: 'Code', text: 'Your code is 123456.\n\nBye <now>' };
    expect(brandEmail(message, { displayName: null, accentColour: null }, 'Contoso')).toBe(message);
    const branded = brandEmail(message, { displayName: 'Fabrikam & Co', accentColour: '#8a1c7c' }, 'Contoso');
    expect(branded.text.startsWith('Fabrikam & Co\n\n')).toBe(true);
    expect(branded.html).toContain('background:#8a1c7c');
    expect(branded.html).toContain('Fabrikam &amp; Co');
    expect(branded.html).toContain('Bye &lt;now&gt;');
    const withHtml = brandEmail(
      { ...message, html: '<html><body><h1>Hi</h1></body></html>' },
      { displayName: null, accentColour: '#8a1c7c' },
      'Contoso',
    );
    expect(withHtml.html).toMatch(/<body><div style="background:#8a1c7c[^>]*>Contoso<\/div><h1>Hi<\/h1>/);
  });
});
