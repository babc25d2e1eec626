import { CURRENCY_MESSAGE, isIsoCurrency } from '../../currencies';
import { DomainError, type FieldIssue } from '../../errors';
import { BILLING_REMITTANCE_BYTES_MAX, BILLING_REMITTANCE_ROWS_MAX } from '../../limits';

/*
 * Reading a carrier's remittance report: RFC 4180 CSV, as kippu's own statement CSVs are
 * written (docs/billing.md, "Remittances"), checked whole, every problem naming its line.
 */

/** What a carrier says it collected from one customer in one currency. */
export interface RemittanceRow {
  readonly customerId: string;
  readonly currency: string;
  readonly remittedMinor: number;
}

export const REMITTANCE_HEADER = ['customerId', 'currency', 'remittedMinor'] as const;

export const rowProblem = (line: number, column: string, message: string): FieldIssue => ({
  field: `line ${line}.${column}`,
  message,
});

/** One CSV record: its fields, and the line of the report it starts on. */
interface CsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

const notCsv = (line: number, message: string): DomainError =>
  new DomainError('VALIDATION_FAILED', `The report is not RFC 4180 CSV: line ${line} ${message}.`, [
    rowProblem(line, 'row', message),
  ]);

/**
 * The records of an RFC 4180 text: fields separated by commas, records by CRLF (or LF); a
 * field may be quoted, and then holds commas, line breaks and doubled quotes (`""` for `"`).
 * The last record's line break is optional. A quote inside an unquoted field, text after a
 * closing quote, a carriage return that ends no line and a quote never closed are refused,
 * naming the line.
 */
const csvRecords = (text: string): CsvRecord[] => {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  /** Where the field stands: at its start, in an unquoted one, inside quotes, after the closing quote. */
  let state: 'start' | 'unquoted' | 'quoted' | 'closed' = 'start';
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;
  let index = 0;
  while (index < text.length) {
    const character = text[index];
    if (state === 'quoted') {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index += 2;
        continue;
      }
      if (character === '"') state = 'closed';
      else field += character;
      if (character === '\n') line += 1;
      index += 1;
      continue;
    }
    const lineBreak = character === '\n' ? 1 : character === '\r' && text[index + 1] === '\n' ? 2 : 0;
    if (character === ',' || lineBreak > 0) {
      fields.push(field);
      field = '';
      state = 'start';
      index += Math.max(lineBreak, 1);
      if (lineBreak > 0) {
        records.push({ line: recordLine, fields });
        fields = [];
        line += 1;
        recordLine = line;
      }
      continue;
    }
    if (state === 'closed') {
      throw notCsv(line, 'has text after the closing quote of a field (a quote inside a quoted field is written twice)');
    }
    if (character === '"' && state === 'unquoted') {
      throw notCsv(line, 'has a quote inside a field that does not start with one (such a field is quoted, its quotes doubled)');
    }
    if (character === '\r') throw notCsv(line, 'has a carriage return that does not end the line (lines end with CRLF or LF)');
    if (character === '"') {
      state = 'quoted';
      quoteLine = line;
    } else {
      field += character;
      state = 'unquoted';
    }
    index += 1;
  }
  if (state === 'quoted') throw notCsv(quoteLine, 'opens a quoted field that is never closed');
  if (fields.length > 0 || state !== 'start') records.push({ line: recordLine, fields: [...fields, field] });
  return records;
};

/** A row of the report, with the line it starts on (for the problems that name it). */
export interface ReportedRow extends RemittanceRow {
  readonly line: number;
}

/** What `remittedMinor` must be written as, said in every refusal of its syntax. */
const REMITTED_SYNTAX = 'a whole number of minor units in decimal digits, without sign, spaces or leading zeros';

/**
 * `remittedMinor`: a non-negative integer in decimal (digits only, no sign, no leading zeros
 * unless it is `0`), at most 2^53 − 1 like every JSON amount. Answers the amount, or why the
 * text is not one (a refusal naming the real reason: negative, too large, leading zeros, not
 * a whole number).
 */
const remittedMinorOf = (text: string): number | string => {
  if (/^(0|[1-9]\d*)$/.test(text)) {
    // Beyond 2^53 − 1 digits stop being exact numbers; compared as text, so 2^53 + 1 is "too large" too.
    const digits = String(Number.MAX_SAFE_INTEGER);
    const tooLarge = text.length > digits.length || (text.length === digits.length && text > digits);
    return tooLarge ? `must be at most ${Number.MAX_SAFE_INTEGER} (2^53 − 1)` : Number(text);
  }
  if (/^-(0|[1-9]\d*)$/.test(text)) return `must not be negative (${REMITTED_SYNTAX})`;
  if (/^-?0\d+$/.test(text)) return `must not have leading zeros (${REMITTED_SYNTAX})`;
  return `must be ${REMITTED_SYNTAX}`;
};

const parseRow = ({ fields, line }: CsvRecord, problems: FieldIssue[]): ReportedRow | undefined => {
  if (fields.length === 1 && fields[0] === '') {
    problems.push(rowProblem(line, 'row', `is empty (a row is ${REMITTANCE_HEADER.join(',')})`));
    return undefined;
  }
  const [customerId = '', currency = '', remitted = ''] = fields;
  const before = problems.length;
  if (fields.length !== REMITTANCE_HEADER.length)
    problems.push(rowProblem(line, 'row', `must have ${REMITTANCE_HEADER.length} fields, not ${fields.length}`));
  if (!/^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,199}$/.test(customerId))
    problems.push(rowProblem(line, 'customerId', 'must be a customer id'));
  if (!isIsoCurrency(currency)) problems.push(rowProblem(line, 'currency', CURRENCY_MESSAGE));
  const amount = remittedMinorOf(remitted);
  if (typeof amount === 'string') problems.push(rowProblem(line, 'remittedMinor', amount));
  return problems.length === before && typeof amount === 'number'
    ? { customerId, currency, remittedMinor: amount, line }
    : undefined;
};

const HEADER_TEXT = REMITTANCE_HEADER.join(',');

/** The header, its names quoted or not; a wrong one is refused saying what is wrong with it. */
const checkHeader = (header: CsvRecord | undefined): void => {
  const refuse = (why: string): never => {
    throw new DomainError('VALIDATION_FAILED', `The report must start with the header ${HEADER_TEXT}: ${why}.`, [
      rowProblem(1, 'header', `must be ${HEADER_TEXT}`),
    ]);
  };
  if (header === undefined) return refuse('the report is empty');
  const names = header.fields.map((name) => name.trim());
  if (names.length !== REMITTANCE_HEADER.length) {
    return refuse(
      `its first line has ${names.length} ${names.length === 1 ? 'field' : 'fields'} (${JSON.stringify(names.join(','))})`,
    );
  }
  REMITTANCE_HEADER.forEach((expected, index) => {
    if (names[index] !== expected) refuse(`its column ${index + 1} is ${JSON.stringify(names[index])}, not ${expected}`);
  });
};

/**
 * The report: RFC 4180 CSV (UTF-8, an optional byte order mark), the header
 * `customerId,currency,remittedMinor`, then one row per customer and currency.
 */
export const parseRemittanceCsv = (csv: string): ReportedRow[] => {
  if (Buffer.byteLength(csv, 'utf8') > BILLING_REMITTANCE_BYTES_MAX) {
    throw new DomainError('PAYLOAD_TOO_LARGE', `A remittance report is at most ${BILLING_REMITTANCE_BYTES_MAX} bytes.`);
  }
  const records = csvRecords(csv.replace(/^\uFEFF/, ''));
  // Blank lines at the end are no rows.
  while (records.length > 0 && records.at(-1)?.fields.join('') === '' && records.at(-1)?.fields.length === 1) records.pop();
  const [header, ...body] = records;
  checkHeader(header);
  if (body.length > BILLING_REMITTANCE_ROWS_MAX) {
    throw new DomainError('PAYLOAD_TOO_LARGE', `A remittance report has at most ${BILLING_REMITTANCE_ROWS_MAX} rows.`);
  }
  const problems: FieldIssue[] = [];
  const rows: ReportedRow[] = [];
  const seen = new Set<string>();
  for (const record of body) {
    const row = parseRow(record, problems);
    if (row === undefined) continue;
    const key = `${row.customerId}#${row.currency}`;
    if (seen.has(key)) problems.push(rowProblem(row.line, 'customerId', 'is reported twice in this currency'));
    seen.add(key);
    rows.push(row);
  }
  if (problems.length > 0) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `The report has ${problems.length} invalid ${problems.length === 1 ? 'field' : 'fields'}.`,
      problems.slice(0, 50),
    );
  }
  return rows;
};
