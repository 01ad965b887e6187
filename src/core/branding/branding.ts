/**
 * Company branding (Entra's "Company branding", issue 14 item 5): a tenant's display name, logo, accent colour and
 * sign-in page text. Pure rules only: what a valid value is, and why one is refused (a stable code each). The store
 * keeps the values, the services apply them, the portal and the mails show them.
 */
import { SsprError } from '../errors.js';
import { hasControlCharacters } from '../control-characters.js';

export interface Branding {
  displayName: string | null;
  /** `#rrggbb`, lower case, with at least 4.5:1 contrast against white (WCAG AA for normal text). */
  accentColour: string | null;
  /** Plain text, shown escaped; line breaks kept. */
  signInText: string | null;
  logo: LogoInfo | null;
}

export interface LogoInfo {
  contentType: LogoType;
  /** A hash of the bytes: the logo's URL names it, so a new logo is a new URL and the old one may be cached forever. */
  version: string;
  size: number;
}

export type LogoType = 'image/png' | 'image/jpeg';

export const brandingLimits = {
  displayName: 256,
  signInText: 1024,
  logoBytes: 100 * 1024,
  minimumContrast: 4.5,
} as const;

export const emptyBranding: Branding = { displayName: null, accentColour: null, signInText: null, logo: null };

/** Where the portal serves a tenant's logo: the version (a hash of the bytes) makes a new logo a new URL. */
export const logoPath = (tenantId: string, version: string) => `/branding/${tenantId}/logo/${version}`;

/** The product's own accent (the stylesheet's default): what a tenant without branding gets. */
export const defaultAccentColour = '#0b57d0';

const channel = (hex: string) => {
  const value = Number.parseInt(hex, 16) / 255;
  return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
};

/** WCAG 2.x relative luminance of `#rrggbb`. */
export const relativeLuminance = (colour: string): number =>
  0.2126 * channel(colour.slice(1, 3)) + 0.7152 * channel(colour.slice(3, 5)) + 0.0722 * channel(colour.slice(5, 7));

/**
 * Contrast of the colour with white. The same ratio holds for white text on the colour (buttons, the current tab)
 * and for the colour on white (links, outlines), so one check covers every place the stylesheet uses the accent.
 */
export const contrastWithWhite = (colour: string): number => 1.05 / (relativeLuminance(colour) + 0.05);

const colourPattern = /^#[0-9a-f]{6}$/;

/** The colour normalised to lower case, or the refusal: not `#rrggbb`, or too light for white text. */
export const checkAccentColour = (input: string): string => {
  const colour = input.trim().toLowerCase();
  if (!colourPattern.test(colour))
    throw new SsprError('BRANDING_COLOUR_INVALID', 'the accent colour must be #rrggbb, e.g. #0b57d0');
  const ratio = contrastWithWhite(colour);
  if (ratio < brandingLimits.minimumContrast)
    throw new SsprError(
      'BRANDING_COLOUR_LOW_CONTRAST',
      `the accent colour has ${ratio.toFixed(2)}:1 contrast with white; at least ${brandingLimits.minimumContrast}:1 is needed`,
      { contrast: Math.round(ratio * 100) / 100 },
    );
  return colour;
};

/** Whether a colour would be accepted (the stylesheet route serves only these). */
export const isAcceptableAccent = (colour: string): boolean =>
  colourPattern.test(colour) && contrastWithWhite(colour) >= brandingLimits.minimumContrast;

/** Plain text up to 1,024 characters; line breaks and tabs allowed, other control characters not. */
export const checkSignInText = (input: string): string | null => {
  const text = input.replace(/\r\n?/g, '\n').trim();
  if (text === '') return null;
  if ([...text].length > brandingLimits.signInText)
    throw new SsprError(
      'BRANDING_TEXT_TOO_LONG',
      `the sign-in page text is at most ${brandingLimits.signInText} characters`,
    );
  if (hasControlCharacters(text.replace(/[\n\t]/g, '')))
    throw new SsprError('BRANDING_TEXT_INVALID', 'the sign-in page text may not contain control characters');
  return text;
};

export const checkDisplayName = (input: string): string | null => {
  const name = input.trim();
  if (name === '') return null;
  if ([...name].length > brandingLimits.displayName || hasControlCharacters(name))
    throw new SsprError(
      'NAME_INVALID',
      `the display name is at most ${brandingLimits.displayName} characters, one line`,
    );
  return name;
};

const startsWith = (bytes: Uint8Array, signature: readonly number[]) =>
  bytes.length >= signature.length && signature.every((byte, i) => bytes[i] === byte);

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;
const jpegSignature = [0xff, 0xd8, 0xff] as const;

/**
 * The logo's type by its first bytes, never by a name or a declared type: PNG or JPEG only. SVG is refused on
 * purpose (it can carry script), and so is anything else; the size limit keeps pages and the store light.
 */
export const checkLogo = (bytes: Uint8Array): LogoType => {
  if (bytes.length === 0) throw new SsprError('BRANDING_LOGO_INVALID', 'the logo is empty');
  if (bytes.length > brandingLimits.logoBytes)
    throw new SsprError('BRANDING_LOGO_TOO_LARGE', `the logo is at most ${brandingLimits.logoBytes / 1024} KB`);
  if (startsWith(bytes, pngSignature)) return 'image/png';
  if (startsWith(bytes, jpegSignature)) return 'image/jpeg';
  throw new SsprError('BRANDING_LOGO_INVALID', 'the logo must be a PNG or JPEG image');
};

/** A change as an administrator sent it: absent = unchanged, null or "" = back to the product default. */
export interface BrandingChanges {
  displayName?: string | null;
  accentColour?: string | null;
  signInText?: string | null;
}

/** Validates every field of a change before anything is stored; the first refusal wins. */
export const checkBrandingChanges = (changes: BrandingChanges): BrandingChanges => {
  const out: BrandingChanges = {};
  const cleared = (value: string | null | undefined) => value === null || value?.trim() === '';
  if (changes.displayName !== undefined)
    out.displayName = cleared(changes.displayName) ? null : checkDisplayName(changes.displayName!);
  if (changes.accentColour !== undefined)
    out.accentColour = cleared(changes.accentColour) ? null : checkAccentColour(changes.accentColour!);
  if (changes.signInText !== undefined)
    out.signInText = cleared(changes.signInText) ? null : checkSignInText(changes.signInText!);
  return out;
};
