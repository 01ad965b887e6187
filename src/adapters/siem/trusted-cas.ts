import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';

/**
 * The CAs a SIEM connection trusts: the system roots plus an extra PEM file when configured (Node's `ca` replaces
 * the roots, so both are passed). Read at start, so an unreadable file stops `serve` with the variable's name.
 */
export const trustedCas = (caFile: string | undefined, variable: string): string[] | undefined => {
  if (!caFile) return undefined;
  try {
    return [...rootCertificates, readFileSync(caFile, 'utf8')];
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${variable} cannot be read (${reason})`, { cause: error });
  }
};
