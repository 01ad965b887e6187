/**
 * The query strings of the audit, sign-in and report endpoints, checked once for the API, the
 * console and the CLI: unknown filters, unparseable or reversed dates and pages over the maximum are
 * refused with stable codes, so no request becomes an unbounded or surprising query.
 */
import { SsprError } from '../errors.js';

/** Entra's audit API pages at most 1000 rows; its portal and downloads stop at 75,000 rows. */
export const maxTop = 1000;
export const maxSkip = 75_000;
export const defaultTop = 100;

export type QueryInput = Readonly<Record<string, unknown>>;

/** Refuses any key not in `allowed` (`format` is always allowed: it picks JSON or CSV). */
export const checkKeys = (query: QueryInput, allowed: readonly string[]): void => {
  const unknown = Object.keys(query).filter((key) => key !== 'format' && !allowed.includes(key));
  if (unknown.length > 0)
    throw new SsprError(
      'REPORT_FILTER_UNKNOWN',
      `unknown filter: ${unknown.join(', ')}; known: ${allowed.join(', ')}`,
      {
        unknown,
        known: allowed,
      },
    );
};

const text = (query: QueryInput, key: string): string | undefined => {
  const value = query[key];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > 256)
    throw new SsprError('VALIDATION_FAILED', `${key} must be one short text value`);
  return value;
};

/** An ISO 8601 instant, or a date (midnight UTC), normalised to the store's text form. */
export const instant = (query: QueryInput, key: string): string | undefined => {
  const value = text(query, key);
  if (value === undefined) return undefined;
  const parsed = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(value) ? Date.parse(value) : NaN;
  if (!Number.isFinite(parsed))
    throw new SsprError(
      'REPORT_DATE_INVALID',
      `${key} must be an ISO 8601 date or instant, e.g. 2026-03-01T00:00:00Z`,
      {
        parameter: key,
      },
    );
  return new Date(parsed).toISOString();
};

export interface Range {
  since?: string;
  until?: string;
}

export const range = (query: QueryInput): Range => {
  const since = instant(query, 'since');
  const until = instant(query, 'until');
  if (since !== undefined && until !== undefined && since >= until)
    throw new SsprError('REPORT_RANGE_REVERSED', 'since must be before until', { since, until });
  return { ...(since && { since }), ...(until && { until }) };
};

const count = (query: QueryInput, key: string, fallback: number, max: number): number => {
  const value = text(query, key);
  if (value === undefined) return fallback;
  if (!/^\d{1,9}$/.test(value)) throw new SsprError('VALIDATION_FAILED', `${key} must be a whole number`);
  const n = Number(value);
  if (n > max || (key === 'top' && n < 1))
    throw new SsprError('REPORT_PAGE_TOO_LARGE', `${key} must be ${key === 'top' ? 1 : 0}-${max}`, {
      parameter: key,
      maximum: max,
    });
  return n;
};

export const page = (query: QueryInput): { top: number; skip: number } => ({
  top: count(query, 'top', defaultTop, maxTop),
  skip: count(query, 'skip', 0, maxSkip),
});

export const result = (query: QueryInput, key = 'result'): 'success' | 'failure' | undefined => {
  const value = text(query, key);
  if (value === undefined) return undefined;
  if (value !== 'success' && value !== 'failure')
    throw new SsprError('VALIDATION_FAILED', `${key} must be success or failure`);
  return value;
};

export const oneOf = <T extends string>(query: QueryInput, key: string, values: readonly T[]): T | undefined => {
  const value = text(query, key);
  if (value === undefined) return undefined;
  if (!(values as readonly string[]).includes(value))
    throw new SsprError('VALIDATION_FAILED', `${key} must be one of: ${values.join(', ')}`);
  return value as T;
};

export const optionalText = text;

/** The reply format: JSON unless `format=csv`. */
export const format = (query: QueryInput): 'json' | 'csv' => oneOf(query, 'format', ['json', 'csv']) ?? 'json';
