import { describe, expect, it } from 'vitest';
import { toEntraSignIn } from './entra-sign-in-record.js';

const event = {
  id: 41,
  tenantId: 't1',
  occurredAt: '2026-03-01T09:00:00.000Z',
  userId: 'u1',
  upn: 'adele@contoso.example',
  result: 'failure' as const,
  errorCode: 50126,
  failureReason: 'INVALID_CREDENTIALS',
  ipAddress: '192.0.2.10',
  userAgent: 'Mozilla/5.0',
};

describe("a sign-in as Entra's signIn resource", () => {
  it('names the fields as Graph does, with the error code in status and the position as signInSequence', () => {
    expect(toEntraSignIn(event)).toEqual({
      id: '41',
      tenantId: 't1',
      createdDateTime: '2026-03-01T09:00:00.000Z',
      userId: 'u1',
      userPrincipalName: 'adele@contoso.example',
      appDisplayName: 'OpenSSPR',
      clientAppUsed: 'Browser',
      isInteractive: true,
      ipAddress: '192.0.2.10',
      userAgent: 'Mozilla/5.0',
      status: { errorCode: 50126, failureReason: 'INVALID_CREDENTIALS', additionalDetails: null },
      signInSequence: 41,
    });
  });

  it('says UserNotFound for a failure no account matches, and nothing for a success', () => {
    expect(toEntraSignIn({ ...event, userId: null }).status.additionalDetails).toBe('UserNotFound');
    const ok = toEntraSignIn({ ...event, result: 'success', errorCode: 0, failureReason: null });
    expect(ok.status).toEqual({ errorCode: 0, failureReason: null, additionalDetails: null });
  });
});
