/**
 * A sign-in as Entra's `signIn` resource (Microsoft Graph, `auditLogs/signIns`), the shape the SIEM stream sends for
 * the sign-in log, so rules written for Entra's sign-in logs (failures by `status.errorCode`, 50126 wrong password,
 * 50053 locked, …) read ours unchanged. Entra's `id` is a GUID; ours is the log's increasing number, as text, and
 * `signInSequence` carries it as a number (the stream's position). Fields we have no value for (risk, conditional
 * access, device, location) are left out rather than sent empty.
 */
import type { SignInEvent } from '../ports/report-ports.js';

export interface EntraSignIn {
  id: string;
  tenantId: string;
  createdDateTime: string;
  userId: string | null;
  userPrincipalName: string;
  appDisplayName: 'OpenSSPR';
  clientAppUsed: 'Browser';
  isInteractive: true;
  ipAddress: string | null;
  userAgent: string | null;
  status: { errorCode: number; failureReason: string | null; additionalDetails: string | null };
  signInSequence: number;
}

export const toEntraSignIn = (event: SignInEvent): EntraSignIn => ({
  id: String(event.id),
  tenantId: event.tenantId,
  createdDateTime: event.occurredAt,
  userId: event.userId,
  userPrincipalName: event.upn,
  appDisplayName: 'OpenSSPR',
  // Password sign-ins come from the portal's form or the session API, both what Entra calls a browser client.
  clientAppUsed: 'Browser',
  isInteractive: true,
  ipAddress: event.ipAddress,
  userAgent: event.userAgent,
  status: {
    errorCode: event.errorCode,
    failureReason: event.failureReason,
    // A user name no account matches is still logged (as Entra does); the SIEM sees which it was.
    additionalDetails: event.result === 'failure' && event.userId === null ? 'UserNotFound' : null,
  },
  signInSequence: event.id,
});
