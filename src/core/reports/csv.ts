/**
 * CSV (RFC 4180) that is safe to open in a spreadsheet: a cell starting with = + - @ (or a tab or
 * carriage return) is prefixed with a quote so it is read as text, never as a formula (OWASP CSV
 * injection). Every cell is quoted, so commas, quotes and line breaks in a value survive.
 */
export const csvCell = (value: unknown): string => {
  const raw = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  const safe = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return `"${safe.replace(/"/g, '""')}"`;
};

export const csvRow = (cells: readonly unknown[]): string => `${cells.map(csvCell).join(',')}\r\n`;
