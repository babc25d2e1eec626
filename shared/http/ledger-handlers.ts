import type { LedgerEntries, LedgerQueries, LedgerTransfers } from '../domain/ledger/ports';
import type { BaseDeps } from './base';
import type { ApiIdempotencyDeps } from './idempotent';

/** What the operator's ledger functions need: the ledger at the level the function uses (moving money by default). */
export type LedgerApiDeps<Port extends LedgerQueries = LedgerTransfers> = BaseDeps &
  ApiIdempotencyDeps & { readonly ledger: Port };

/** 201 when the request created something, 200 when it found it already there (`exists`). */
export const statusFor = (result: 'created' | 'exists'): number => (result === 'created' ? 201 : 200);

/** One page of an account's history from a position (see shared/http/list.ts, which seals the cursors). */
export const entriesPage = async (ledger: LedgerEntries, accountId: string, limit: number, position: string | undefined) => {
  const page = await ledger.listEntries(accountId, { limit, ...(position === undefined ? {} : { cursor: position }) });
  return { items: page.entries, nextCursor: page.nextCursor };
};
