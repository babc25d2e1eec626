import { z } from 'zod';
import { DomainError } from '../../errors';
import { LEDGER_ENTRIES_PAGE_LIMIT_MAX } from '../../limits';
import type { RunningBalance } from './views';
import { decodeJsonCursor, encodeJsonCursor } from '../cursor';

/**
 * History is read forward from the first entry, and the cursor carries the running balance
 * accumulated so far. That gives every entry its balance-after without storing it, which
 * would need a read-modify-write of the account on every transfer (and serialize a hot
 * account). The cursor is opaque to clients: base64url of a small JSON document.
 */
const CursorSchema = z.object({
  version: z.literal(1),
  accountId: z.string(),
  afterSortKey: z.string(),
  postedMinor: z.number().int(),
  pendingMinor: z.number().int(),
});

export interface EntriesCursor extends RunningBalance {
  readonly accountId: string;
  readonly afterSortKey: string;
}

export const encodeEntriesCursor = (cursor: EntriesCursor): string => encodeJsonCursor({ version: 1, ...cursor });

const invalidCursor = (): DomainError =>
  new DomainError('VALIDATION_FAILED', 'the cursor is not one this ledger issued for this account', [
    { field: 'cursor', message: 'unknown cursor' },
  ]);

export const decodeEntriesCursor = (accountId: string, cursor: string): EntriesCursor => {
  const parsed = CursorSchema.safeParse(decodeJsonCursor(cursor, invalidCursor));
  if (!parsed.success || parsed.data.accountId !== accountId) throw invalidCursor();
  return {
    accountId: parsed.data.accountId,
    afterSortKey: parsed.data.afterSortKey,
    postedMinor: parsed.data.postedMinor,
    pendingMinor: parsed.data.pendingMinor,
  };
};

export const checkPageLimit = (limit: number): number => {
  if (!Number.isInteger(limit) || limit < 1 || limit > LEDGER_ENTRIES_PAGE_LIMIT_MAX) {
    throw new DomainError('VALIDATION_FAILED', `the page limit must be an integer 1..${LEDGER_ENTRIES_PAGE_LIMIT_MAX}`, [
      { field: 'limit', message: `must be 1..${LEDGER_ENTRIES_PAGE_LIMIT_MAX}` },
    ]);
  }
  return limit;
};
