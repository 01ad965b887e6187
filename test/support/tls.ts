/**
 * Throwaway TLS material for tests: one self-signed P-256 certificate for `localhost` and 127.0.0.1, valid a day,
 * made by openssl in a directory the test owns. Shared by every test that needs a TLS listener (the SIEM receivers,
 * the SMTP channel), so they trust the same kind of certificate in the same way.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export interface TlsCertificate {
  keyFile: string;
  certFile: string;
}

export const makeTlsCertificate = (dir: string): TlsCertificate => {
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  return { keyFile, certFile };
};
