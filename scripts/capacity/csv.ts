/**
 * The small CSV reader both inputs use: comma-separated fields, no quoting (neither perf_analyzer nor the
 * traffic format quotes), a header line, and errors that name the file, the line and the column.
 */

/** A bad input file: `file:line:column: message`, what the CLI prints before it exits 1. */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly column: number | undefined,
    readonly detail: string,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}${column === undefined ? '' : `:${column}`}: ${detail}`);
    this.name = 'InputError';
  }
}

export interface CsvRow {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly fields: readonly string[];
}

export interface CsvTable {
  readonly header: readonly string[];
  readonly rows: readonly CsvRow[];
}

/** Splits the text into a header and rows; blank lines are skipped, a row with the wrong field count is an error. */
export function readCsv(text: string, file: string): CsvTable {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerIndex = lines.findIndex((line) => line.trim() !== '');
  if (headerIndex < 0) throw new InputError(file, undefined, undefined, 'is empty; expected a header line');
  const header = lines[headerIndex].split(',').map((name) => name.trim());
  const rows: CsvRow[] = [];
  for (let index = headerIndex + 1; index < lines.length; index++) {
    const text = lines[index];
    if (text.trim() === '') continue;
    if (text.includes('"')) throw new InputError(file, index + 1, text.indexOf('"') + 1, 'holds a quote; quoted CSV fields are not supported');
    // Trimming every field of a year of 5-minute data is measurable; most files have no spaces.
    const fields = /\s/.test(text) ? text.split(',').map((field) => field.trim()) : text.split(',');
    if (fields.length !== header.length) {
      throw new InputError(file, index + 1, Math.min(fields.length, header.length) + 1, `has ${fields.length} fields; the header has ${header.length} (${header.join(',')})`);
    }
    rows.push({ line: index + 1, fields });
  }
  if (rows.length === 0) throw new InputError(file, headerIndex + 1, undefined, 'has a header but no data rows');
  return { header, rows };
}

/** A finite number, or an InputError at the field. */
export function numberAt(row: CsvRow, column: number, name: string, file: string): number {
  const text = row.fields[column];
  const value = text === '' ? NaN : Number(text);
  if (!Number.isFinite(value)) throw new InputError(file, row.line, column + 1, `${name} "${text}" is not a number`);
  return value;
}
