import type { FastifyInstance } from 'fastify';

/**
 * The site icon: a padlock in the portal's default accent colour, our own drawing. Browsers ask for /favicon.ico on
 * every page they have not been told otherwise about, and a 404 there filled logs and the not-found metric; every page
 * now links the SVG (layout.ts), and /favicon.ico answers with the same padlock as a classic 16x16 icon for the
 * clients that still ask for it (and for answers that are not pages, such as JSON opened in a tab).
 *
 * Both are drawn here rather than shipped as files: no build step, no binary in the repository, and the unit test
 * reads them back. Served like the other static assets, with the headers of every answer (CSP, nosniff) and a long
 * cache lifetime; the SVG has no script, style or external reference, so the CSP's `default-src 'none'` costs nothing.
 */
const accent = '#0b57d0';

export const faviconSvg =
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">` +
  `<path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="${accent}" stroke-width="2"/>` +
  `<rect x="2" y="7" width="12" height="8" rx="1.5" fill="${accent}"/>` +
  `<circle cx="8" cy="10.5" r="1.5" fill="#fff"/><rect x="7.25" y="11" width="1.5" height="2.5" fill="#fff"/>` +
  `</svg>\n`;

/** The same padlock, pixel by pixel, top row first: `#` accent, `o` white, `.` transparent. */
export const faviconPixels = [
  '................',
  '.....######.....',
  '....########....',
  '....##....##....',
  '....##....##....',
  '....##....##....',
  '....##....##....',
  '..############..',
  '..############..',
  '..####oooo####..',
  '..####oooo####..',
  '..#####oo#####..',
  '..#####oo#####..',
  '..############..',
  '..############..',
  '................',
] as const;

const size = 16;
const colours: Record<string, readonly [number, number, number, number]> = {
  // Blue, green, red, alpha: the byte order of a 32-bit icon bitmap.
  '#': [0xd0, 0x57, 0x0b, 0xff],
  o: [0xff, 0xff, 0xff, 0xff],
  '.': [0, 0, 0, 0],
};

/**
 * A 16x16, 32-bit ICO file (one image: a BITMAPINFOHEADER, the pixels bottom row first, then the 1-bit AND mask whose
 * set bits are transparent, each row padded to 4 bytes). The alpha channel does the work; the mask is for old readers.
 */
const icoOf = (pixels: readonly string[]): Buffer => {
  const headerSize = 6 + 16;
  const infoSize = 40;
  const colourBytes = size * size * 4;
  const maskBytes = size * 4;
  const imageSize = infoSize + colourBytes + maskBytes;
  const ico = Buffer.alloc(headerSize + imageSize);
  // ICONDIR: reserved, type 1 (icon), one image.
  ico.writeUInt16LE(0, 0);
  ico.writeUInt16LE(1, 2);
  ico.writeUInt16LE(1, 4);
  // ICONDIRENTRY: 16x16, no palette, 1 plane, 32 bits, its size and where it starts.
  ico.writeUInt8(size, 6);
  ico.writeUInt8(size, 7);
  ico.writeUInt16LE(1, 10);
  ico.writeUInt16LE(32, 12);
  ico.writeUInt32LE(imageSize, 14);
  ico.writeUInt32LE(headerSize, 18);
  // BITMAPINFOHEADER: the height counts the colour bitmap and the mask together.
  const info = headerSize;
  ico.writeUInt32LE(infoSize, info);
  ico.writeInt32LE(size, info + 4);
  ico.writeInt32LE(size * 2, info + 8);
  ico.writeUInt16LE(1, info + 12);
  ico.writeUInt16LE(32, info + 14);
  ico.writeUInt32LE(colourBytes + maskBytes, info + 20);
  const colour = info + infoSize;
  const mask = colour + colourBytes;
  for (let y = 0; y < size; y++) {
    const row = pixels[size - 1 - y]!;
    for (let x = 0; x < size; x++) {
      const [b, g, r, a] = colours[row[x]!]!;
      ico.set([b, g, r, a], colour + (y * size + x) * 4);
      const maskByte = mask + y * 4 + (x >> 3);
      if (a === 0) ico[maskByte] = (ico[maskByte] ?? 0) | (0x80 >> (x & 7));
    }
  }
  return ico;
};

export const faviconIco = icoOf(faviconPixels);

/** Not versioned by URL, so not `immutable`; a week keeps browsers from asking on every page. */
const cacheControl = 'public, max-age=604800';

export const faviconRoutes = async (app: FastifyInstance) => {
  app.get('/favicon.svg', { schema: { hide: true } }, async (_request, reply) =>
    reply.header('cache-control', cacheControl).type('image/svg+xml; charset=utf-8').send(faviconSvg),
  );
  app.get('/favicon.ico', { schema: { hide: true } }, async (_request, reply) =>
    reply.header('cache-control', cacheControl).type('image/x-icon').send(faviconIco),
  );
};
