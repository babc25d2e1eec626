import type { AgentLine, CustomerLine, ProviderLine, SettlementWithheld, StatementBody } from './types';

/**
 * A statement's CSV (RFC 4180, CRLF, a header row, text never a formula): a whole statement's,
 * a paged statement's document (header and totals), one page's (header and its lines).
 */
const CUSTOMER_COLUMNS = ['reference', 'providerId', 'offerId', 'channelId', 'route', 'amountMinor', 'transferId'] as const;
const PROVIDER_COLUMNS = [
  'reference',
  'offerId',
  'channelId',
  'route',
  'grossMinor',
  'platformFeeMinor',
  'carrierFeeMinor',
  'netMinor',
  'carriedForward',
  'transferIds',
] as const;
const AGENT_COLUMNS = ['reference', 'offerId', 'channelId', 'amountMinor', 'carriedForward', 'transferId'] as const;
const LEADING_COLUMNS = ['statementId', 'period', 'currency', 'line', 'date', 'kind'] as const;

/** RFC 4180 quoting, and a leading `'` on text that a spreadsheet would run as a formula. */
const csvField = (value: string | number | boolean | undefined): string => {
  if (value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

const csvRow = (fields: readonly (string | number | boolean | undefined)[]): string => `${fields.map(csvField).join(',')}\r\n`;

const flatTotals = (totals: object, prefix = ''): [string, number][] =>
  Object.entries(totals).flatMap(([name, value]): [string, number][] =>
    typeof value === 'number' ? [[`${prefix}${name}`, value]] : flatTotals(value as object, `${prefix}${name}.`),
  );

type AnyLine = CustomerLine | ProviderLine | AgentLine;

/**
 * What a statement's CSV rows are made of: its head, its kind's columns, its totals, and the
 * payout or collection the ledger refused, when it did (`payoutWithheld`, `collectionWithheld`).
 */
type CsvSource = Pick<StatementBody, 'id' | 'period' | 'currency' | 'kind' | 'totals'> & {
  readonly payoutWithheld?: SettlementWithheld;
  readonly collectionWithheld?: SettlementWithheld;
};

const columnsOf = (kind: StatementBody['kind']): readonly string[] =>
  kind === 'customer_bill' ? CUSTOMER_COLUMNS : kind === 'provider_statement' ? PROVIDER_COLUMNS : AGENT_COLUMNS;

/**
 * CSV rows: the header, then `lines` numbered from `firstLine`, then (when `totals`) one row per
 * total and, when the statement's payout or collection was withheld, one `withheld` row: its
 * reason in `reference`, its amount in the amount column (a statement without one has no such
 * row, so its CSV is as before). A whole statement's CSV is all three; a paged statement's document has the header and
 * the totals, each of its pages the header and its lines, numbered as in the whole statement.
 */
const csvOf = (
  source: CsvSource,
  lines: readonly AnyLine[],
  options: { readonly firstLine: number; readonly totals: boolean },
): string => {
  const columns = columnsOf(source.kind);
  const amountColumn = source.kind === 'provider_statement' ? 'netMinor' : 'amountMinor';
  const head = [source.id, source.period, source.currency];
  const rows = [csvRow([...LEADING_COLUMNS, ...columns])];
  lines.forEach((line, index) => {
    const values = line as unknown as Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;
    const cells = columns.map((column) => {
      const value = values[column];
      return Array.isArray(value) ? value.join(' ') : (value as string | number | boolean | undefined);
    });
    rows.push(csvRow([...head, options.firstLine + index, line.date, line.kind, ...cells]));
  });
  if (!options.totals) return rows.join('');
  for (const [name, value] of flatTotals(source.totals)) {
    rows.push(
      csvRow([
        ...head,
        '',
        '',
        'total',
        ...columns.map((column) => (column === 'reference' ? name : column === amountColumn ? value : undefined)),
      ]),
    );
  }
  const withheld = source.payoutWithheld ?? source.collectionWithheld;
  if (withheld !== undefined) {
    const cells = columns.map((column) =>
      column === 'reference' ? withheld.reason : column === amountColumn ? withheld.amountMinor : undefined,
    );
    rows.push(csvRow([...head, '', '', 'withheld', ...cells]));
  }
  return rows.join('');
};

export const statementCsv = (body: StatementBody): string => csvOf(body, body.lines, { firstLine: 1, totals: true });

/** A paged statement's document as CSV: the header row, the total rows and any `withheld` row (its lines are on its pages). */
export const pagedStatementCsv = (source: CsvSource): string => csvOf(source, [], { firstLine: 1, totals: true });

/** One page as CSV: the header row and the page's lines, numbered as in the whole statement (no total rows). */
export const statementPageCsv = (source: CsvSource, lines: readonly AnyLine[], firstLine: number): string =>
  csvOf(source, lines, { firstLine, totals: false });
