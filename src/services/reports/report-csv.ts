/**
 * The CSV downloads of the audit log, the sign-in log and the reports: a header line, then one line
 * per row as the rows come, so an export of any size is written in constant memory.
 */
import { csvRow } from '../../core/reports/csv.js';
import type { AuditEvent } from '../../core/model.js';
import type { SignInEvent } from '../../core/ports.js';
import type { UsageReport } from '../../core/reports/usage.js';
import type { RegistrationRow } from './registration-report.js';

async function* lines<T>(
  header: readonly string[],
  rows: AsyncIterable<T> | Iterable<T>,
  cells: (row: T) => unknown[],
) {
  yield csvRow(header);
  for await (const row of rows) yield csvRow(cells(row));
}

export const auditCsv = (rows: AsyncIterable<AuditEvent>) =>
  lines(
    [
      'activityDateTime',
      'service',
      'category',
      'activityDisplayName',
      'result',
      'resultReason',
      'initiatedByType',
      'initiatedByUserPrincipalName',
      'targetType',
      'targetId',
      'targetName',
      'ipAddress',
      'correlationId',
      'additionalDetails',
    ],
    rows,
    (e) => [
      e.occurredAt,
      e.service,
      e.category,
      e.activity,
      e.result,
      e.resultReason,
      e.actor.type,
      e.actor.upn,
      e.target?.type,
      e.target?.id,
      e.target?.name,
      e.ipAddress,
      e.eventId,
      e.unreadableDetails ?? JSON.stringify(e.details),
    ],
  );

export const signInCsv = (rows: AsyncIterable<SignInEvent>) =>
  lines(
    [
      'id',
      'createdDateTime',
      'userPrincipalName',
      'userId',
      'status',
      'errorCode',
      'failureReason',
      'ipAddress',
      'userAgent',
    ],
    rows,
    (e) => [e.id, e.occurredAt, e.upn, e.userId, e.result, e.errorCode, e.failureReason, e.ipAddress, e.userAgent],
  );

export const registrationCsv = (rows: AsyncIterable<RegistrationRow>) =>
  lines(
    [
      'userPrincipalName',
      'userDisplayName',
      'isAdmin',
      'isSsprRegistered',
      'isSsprEnabled',
      'isSsprCapable',
      'ssprDisabledReason',
      'methodsRegistered',
      'defaultMethod',
      'lastUpdatedDateTime',
    ],
    rows,
    (r) => [
      r.userPrincipalName,
      r.userDisplayName,
      r.isAdmin,
      r.isSsprRegistered,
      r.isSsprEnabled,
      r.isSsprCapable,
      r.ssprDisabledReason,
      r.methodsRegistered.join(';'),
      r.defaultMethod,
      r.lastUpdatedDateTime,
    ],
  );

export const usageCsv = (report: UsageReport) =>
  lines(
    ['day', 'resetsSucceeded', 'resetsFailed', 'unlocksSucceeded', 'unlocksFailed', 'registrations'],
    report.days,
    (d) => [d.day, d.resetsSucceeded, d.resetsFailed, d.unlocksSucceeded, d.unlocksFailed, d.registrations],
  );
