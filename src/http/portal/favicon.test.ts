import { describe, expect, it } from 'vitest';
import { faviconIco, faviconPixels, faviconSvg } from './favicon.js';

/** Reads the icon back as an icon reader would: directory, entry, bitmap header, pixels bottom-up, AND mask. */
const readIco = (ico: Buffer) => {
  const offset = ico.readUInt32LE(18);
  const width = ico.readInt32LE(offset + 4);
  const pixelAt = (x: number, y: number) => {
    const at = offset + 40 + ((width - 1 - y) * width + x) * 4;
    return [...ico.subarray(at, at + 4)];
  };
  const transparentAt = (x: number, y: number) => {
    const at = offset + 40 + width * width * 4 + (width - 1 - y) * 4 + (x >> 3);
    return (ico[at]! & (0x80 >> (x & 7))) !== 0;
  };
  return {
    directory: [ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)],
    entry: { width: ico[6], height: ico[7], planes: ico.readUInt16LE(10), bits: ico.readUInt16LE(12) },
    bytes: ico.readUInt32LE(14),
    offset,
    header: {
      size: ico.readUInt32LE(offset),
      width,
      height: ico.readInt32LE(offset + 8),
      bits: ico.readUInt16LE(offset + 14),
    },
    pixelAt,
    transparentAt,
  };
};

/** Blue, green, red, alpha, as a 32-bit icon stores them: the accent #0b57d0, white, transparent. */
const palette: Record<string, number[]> = {
  '#': [0xd0, 0x57, 0x0b, 0xff],
  o: [0xff, 0xff, 0xff, 0xff],
  '.': [0, 0, 0, 0],
};

describe('favicon', () => {
  it('is a well-formed 16x16 32-bit ICO whose pixels are the drawing', () => {
    const ico = readIco(faviconIco);
    expect(ico.directory).toEqual([0, 1, 1]);
    expect(ico.entry).toEqual({ width: 16, height: 16, planes: 1, bits: 32 });
    expect(ico.offset).toBe(22);
    expect(ico.bytes).toBe(faviconIco.length - 22);
    expect(ico.header).toEqual({ size: 40, width: 16, height: 32, bits: 32 });
    expect(faviconIco.length).toBe(22 + 40 + 16 * 16 * 4 + 16 * 4);
    // Top row first in the drawing, bottom row first in the file: a flipped icon would fail here.
    faviconPixels.forEach((row, y) =>
      [...row].forEach((cell, x) => {
        expect(ico.pixelAt(x, y), `${x},${y}`).toEqual(palette[cell]);
        expect(ico.transparentAt(x, y), `${x},${y}`).toBe(cell === '.');
      }),
    );
    expect(ico.pixelAt(5, 1)).toEqual([0xd0, 0x57, 0x0b, 0xff]);
    expect(ico.pixelAt(5, 14)).toEqual([0xd0, 0x57, 0x0b, 0xff]);
    expect(ico.pixelAt(0, 0)).toEqual([0, 0, 0, 0]);
  });

  it('is an SVG with nothing the CSP would have to allow: no script, style, link or external reference', () => {
    expect(faviconSvg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 16 16">.*<\/svg>\n$/s);
    expect(faviconSvg).not.toMatch(/<script|<style|style=|href=|url\(|<image|<foreignObject/i);
    expect(faviconSvg.length).toBeLessThan(600);
  });
});
