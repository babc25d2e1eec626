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

const SORT_KEY_PATTERN = /^(\d{4}-\d{2})#(customer_bill|provider_statement)#([A-Z]{3})$/;

export const parseStatementSortKey = (sortKey: string): { period: string; kind: StatementKind; currency: string } | undefined => {
  const match = SORT_KEY_PATTERN.exec(sortKey);
  if (match === null || match[1] === undefined || !isPeriodId(match[1])) return undefined;
  return { period: match[1], kind: match[2] as StatementKind, currency: match[3] as string };
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
