import type { LedgerEntries, LedgerQueries, LedgerTransfers } from '../domain/ledger/ports';
import type { BaseDeps } from './base';
import type { ApiIdempotencyDeps } from './idempotent';

/** What the operator's ledger functions need: the ledger at the level the function uses (moving money by default). */
export type LedgerApiDeps<Port extends LedgerQueries = LedgerTransfers> = BaseDeps &
  ApiIdempotencyDeps & { readonly ledger: Port };

/** 201 when the request created something, 200 when it found it already there (`exists`). */
export const statusFor = (result: 'created' | 'exists'): number => (result === 'created' ? 201 : 200);

/** One page of an account's history in the list shape `{ items, nextCursor }`. */
export const entriesPage = async (
  ledger: LedgerEntries,
  accountId: string,
  query: { limit: number; cursor?: string | undefined },
) => {
  const page = await ledger.listEntries(accountId, {
    limit: query.limit,
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
  });
  return { items: page.entries, ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }) };
};
