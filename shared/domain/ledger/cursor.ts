import { DomainError } from '../../errors';
import { LEDGER_ENTRIES_PAGE_LIMIT_MAX } from '../../limits';
import type { EntriesPage, EntryRecord, EntryView } from './types';
import { entryView, type RunningBalance } from './views';
import { decodeJsonCursor, encodeJsonCursor } from '../cursor';

const RUNNING_MINOR = /^-?\d{1,40}$/;

/** Running sums travel as decimal strings (exact past 2^53); cursors issued as numbers still read. */
const runningMinorOf = (value: unknown): bigint | undefined =>
  (typeof value === 'number' && Number.isSafeInteger(value)) || (typeof value === 'string' && RUNNING_MINOR.test(value))
    ? BigInt(value)
    : undefined;

/**
 * History is read forward from the first entry, and the cursor carries the running balance
 * accumulated so far. That gives every entry its balance-after without storing it, which
 * would need a read-modify-write of the account on every transfer (and serialize a hot
 * account). The cursor is opaque to clients: base64url of a small JSON document, read by
 * hand, as the schema it replaced did (test/unit/ledger/cursor.test.ts compares the two), so
 * that no function that bundles this module builds a schema for it.
 */
export interface EntriesCursor extends RunningBalance {
  readonly accountId: string;
  readonly afterSortKey: string;
}

const encodeEntriesCursor = (cursor: EntriesCursor): string =>
  encodeJsonCursor({
    version: 1,
    accountId: cursor.accountId,
    afterSortKey: cursor.afterSortKey,
    postedMinor: cursor.postedMinor.toString(),
    pendingMinor: cursor.pendingMinor.toString(),
  });

const invalidCursor = (): DomainError =>
  new DomainError('INVALID_CURSOR', 'The cursor is not one this ledger issued for this account.', [
    { field: 'cursor', message: 'unknown cursor' },
  ]);

export const decodeEntriesCursor = (accountId: string, cursor: string): EntriesCursor => {
  const value = decodeJsonCursor(cursor, invalidCursor);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidCursor();
  const fields = value as Readonly<Record<string, unknown>>;
  const postedMinor = runningMinorOf(fields.postedMinor);
  const pendingMinor = runningMinorOf(fields.pendingMinor);
  if (
    fields.version !== 1 ||
    fields.accountId !== accountId ||
    typeof fields.afterSortKey !== 'string' ||
    postedMinor === undefined ||
    pendingMinor === undefined
  ) {
    throw invalidCursor();
  }
  return { accountId, afterSortKey: fields.afterSortKey, postedMinor, pendingMinor };
};

export const checkPageLimit = (limit: number): number => {
  if (!Number.isInteger(limit) || limit < 1 || limit > LEDGER_ENTRIES_PAGE_LIMIT_MAX) {
    throw new DomainError('VALIDATION_FAILED', `The page limit must be an integer 1..${LEDGER_ENTRIES_PAGE_LIMIT_MAX}.`, [
      { field: 'limit', message: `must be 1..${LEDGER_ENTRIES_PAGE_LIMIT_MAX}` },
    ]);
  }
  return limit;
};

/**
 * One page of history from the entries after the cursor, already merged across shards in
 * sort-key order (at least `limit + 1` of them when more follow): adds up the running balance
 * the cursor carried and hands out the next cursor.
 */
export const entriesPage = (
  accountId: string,
  merged: readonly EntryRecord[],
  limit: number,
  cursor: EntriesCursor | undefined,
): EntriesPage => {
  const pageEntries = merged.slice(0, limit);
  let running: RunningBalance = { postedMinor: cursor?.postedMinor ?? 0n, pendingMinor: cursor?.pendingMinor ?? 0n };
  const entries: EntryView[] = [];
  for (const entry of pageEntries) {
    const { view, after } = entryView(entry, running);
    entries.push(view);
    running = after;
  }
  const last = pageEntries.at(-1);
  return {
    entries,
    ...(merged.length > pageEntries.length && last !== undefined
      ? { nextCursor: encodeEntriesCursor({ accountId, afterSortKey: last.sortKey, ...running }) }
      : {}),
  };
};
