import { DomainError } from '../../errors';
import { decodeJsonCursor, encodeJsonCursor } from '../cursor';
import type { StatementKind } from './accounts';
import { isPeriodId } from './period';

/**
 * A party's statements are ordered by `<period>#<kind>#<currency>` (unique per party: a
 * statement id derives from them). A list cursor names the query it belongs to and the last
 * key handed out; one that does not decode to this query's party and period and a well-formed
 * key is INVALID_CURSOR, never passed to a store.
 */
export const statementSortKey = (period: string, kind: StatementKind, currency: string): string =>
  `${period}#${kind}#${currency}`;

const SORT_KEY_PATTERN = /^(\d{4}-\d{2})#(customer_bill|provider_statement|agent_statement)#([A-Z]{3})$/;

export const parseStatementSortKey = (sortKey: string): { period: string; kind: StatementKind; currency: string } | undefined => {
  const match = SORT_KEY_PATTERN.exec(sortKey);
  if (match === null || match[1] === undefined || !isPeriodId(match[1])) return undefined;
  return { period: match[1], kind: match[2] as StatementKind, currency: match[3] as string };
};

/**
 * A period's runs are listed newest first by `<started at, 16 digits>#<run id>`. A runs cursor
 * names its period and the last key handed out (the API seals it: shared/http/list.ts); one that
 * does not decode to this period and a well-formed key is INVALID_CURSOR.
 */
export const runSortKey = (run: { readonly createdAtMs: number; readonly id: string }): string =>
  `${String(run.createdAtMs).padStart(16, '0')}#${run.id}`;

const RUN_SORT_KEY_PATTERN = /^\d{16}#\S+$/;

const invalidRuns = () => new DomainError('INVALID_CURSOR', 'The cursor was not handed out for this list of runs.');

export const encodeRunCursor = (period: string, sortKey: string): string => encodeJsonCursor({ period, before: sortKey });

/** The sort key to continue before (the list is newest first). */
export const decodeRunCursor = (period: string, cursor: string): string => {
  const decoded = decodeJsonCursor(cursor, invalidRuns);
  if (typeof decoded !== 'object' || decoded === null) throw invalidRuns();
  const { period: named, before } = decoded as Record<string, unknown>;
  if (named !== period || typeof before !== 'string' || !RUN_SORT_KEY_PATTERN.test(before)) throw invalidRuns();
  return before;
};

const invalid = () => new DomainError('INVALID_CURSOR', 'The cursor was not handed out for this list of statements.');

interface CursorQuery {
  readonly partyId: string;
  readonly period?: string;
}

export const encodeStatementCursor = (query: CursorQuery, sortKey: string): string =>
  encodeJsonCursor({ partyId: query.partyId, period: query.period ?? null, after: sortKey });

/** The sort key to continue after. */
export const decodeStatementCursor = (query: CursorQuery, cursor: string): string => {
  const decoded = decodeJsonCursor(cursor, invalid);
  if (typeof decoded !== 'object' || decoded === null) throw invalid();
  const { partyId, period, after } = decoded as Record<string, unknown>;
  if (partyId !== query.partyId || period !== (query.period ?? null) || typeof after !== 'string') throw invalid();
  const parsed = parseStatementSortKey(after);
  if (parsed === undefined || (query.period !== undefined && parsed.period !== query.period)) throw invalid();
  return after;
};

/**
 * A page of a party's statements from those that follow the cursor (in order, at least one
 * more than the page when there is a next page): at most `limit`, and stopped before their
 * JSON would pass `bytesMax` (one statement always fits). The cursor points after the last.
 */
export const statementsPage = <
  Record extends { readonly period: string; readonly kind: StatementKind; readonly currency: string; readonly jsonBytes: number },
>(
  following: readonly Record[],
  query: CursorQuery & { readonly limit: number; readonly bytesMax: number },
): { records: Record[]; nextCursor?: string } => {
  const records: Record[] = [];
  let bytes = 0;
  for (const record of following) {
    if (records.length === query.limit || (records.length > 0 && bytes + record.jsonBytes > query.bytesMax)) break;
    records.push(record);
    bytes += record.jsonBytes;
  }
  const last = records.at(-1);
  return {
    records,
    ...(records.length < following.length && last !== undefined
      ? { nextCursor: encodeStatementCursor(query, statementSortKey(last.period, last.kind, last.currency)) }
      : {}),
  };
};
