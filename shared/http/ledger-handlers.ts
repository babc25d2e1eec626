import type { LedgerQueries, LedgerTransfers } from '../domain/ledger/ports';
import type { BaseDeps } from './base';
import type { ApiIdempotencyDeps } from './idempotent';

/** What the operator's ledger functions need: the ledger at the level the function uses (moving money by default). */
export type LedgerApiDeps<Port extends LedgerQueries = LedgerTransfers> = BaseDeps &
  ApiIdempotencyDeps & { readonly ledger: Port };

/** 201 when the request created something, 200 when it found it already there (`exists`). */
export const statusFor = (result: 'created' | 'exists'): number => (result === 'created' ? 201 : 200);

/** Where the operator reads a transfer: the Location of an answer that names it. */
export const transferLocation = (transferId: string): { readonly location: string } => ({
  location: `/v1/transfers/${encodeURIComponent(transferId)}`,
});
