/**
 * Security info as stored (DESIGN §1 "Method"). A method owns its codes, expiry and attempts; a
 * channel only delivers. Plain data; the rules live beside it in `core/methods/`.
 */

import { entryKinds, type EntryKind, type StoredKind } from '../../methods/registry.js';

/** The kinds of security info a user can hold (reference §2.2), one per registered method's entry. */
export const securityInfoTypes = entryKinds;
export type SecurityInfoType = EntryKind;

/** The kinds a user registers one entry at a time (office phone is admin-set; questions are a set). */
export type StoredMethodType = StoredKind;

export interface MethodRecord {
  tenantId: string;
  methodId: string;
  userId: string;
  type: StoredMethodType;
  /** The email address or E.164 number; null for authenticator apps. */
  value: string | null;
  /** The TOTP secret, sealed (authenticated encryption); never returned after registration. */
  sealedSecret: string | null;
  label: string | null;
  status: 'verified' | 'pending';
  /** The last accepted TOTP time step: a code from that step or older is a replay. */
  lastTotpStep: number | null;
  createdAt: string;
  verifiedAt: string | null;
  updatedAt: string;
}

export interface SecurityAnswerRecord {
  tenantId: string;
  userId: string;
  questionId: string;
  /** argon2id of the normalised answer; nobody, admins included, can read an answer back. */
  answerHash: string;
  createdAt: string;
}

/** A one-time code waiting to be entered; only its keyed hash is kept. */
export interface PendingCode {
  tenantId: string;
  codeId: string;
  userId: string;
  /** What the code proves possession of: a method id (or `admin:<type>` for pre-populated data). */
  subjectId: string;
  purpose: CodePurpose;
  codeHash: string;
  expiresAt: string;
  attempts: number;
  consumedAt: string | null;
  createdAt: string;
}

/**
 * `register`: verify a new entry; `step-up`: prove an existing verified entry before a change;
 * `reset`: pass a gate of a self-service password reset flow.
 * `helpdesk`: a caller reads it to a helpdesk agent, who types it in the console (issue #17 item 4).
 * `reset-decoy`: a decoy's stand-in for a reset code, filed as one is and never checked as one (no one can type it).
 */
export type CodePurpose = 'register' | 'step-up' | 'reset' | 'helpdesk' | 'reset-decoy';

export interface CustomQuestion {
  tenantId: string;
  questionId: string;
  text: string;
  createdAt: string;
}

export interface SecurityInfoSettings {
  /** ISO 3166-1 alpha-2 regions whose phone numbers may be registered; empty = the tenant's country. */
  allowedCountries: string[];
  /** Codes sent to one number or address per UTC day. */
  dailyCapPerNumber: number;
  /** Codes sent by the whole tenant per UTC day. */
  dailyCapPerTenant: number;
  /** Distinct numbers sharing a prefix (calling code + next digits) sent to per clock hour (SMS pumping). */
  hourlyCapPerPrefix: number;
  /** SMS and voice sends triggered from one client address per clock hour, across users. */
  hourlyCapPerIp: number;
  /** SMS and voice sends of the tenant per clock hour above which the budget breaker opens. */
  hourlyPhoneBudget: number;
  /** Notices of a reset or change also go by SMS to every verified mobile number. */
  smsNotices: boolean;
}

/** The tenant's SMS/voice budget breaker: `openedAt` set while open; `generation` names its hourly counter. */
export interface SmsBudgetBreaker {
  generation: number;
  openedAt: string | null;
}
