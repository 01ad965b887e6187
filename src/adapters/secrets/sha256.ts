import { createHash } from 'node:crypto';
import type { Digest } from '../../core/audit/audit-chain.js';

/** SHA-256 of the UTF-8 text, lowercase hex: the audit chain's digest (unkeyed, so anyone holding a copy can verify). */
export const sha256Hex: Digest = (text) => createHash('sha256').update(text, 'utf8').digest('hex');
