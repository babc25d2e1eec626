import type { LedgerQueries, LedgerTransfers } from '../domain/ledger/ports';
import type { BaseDeps } from './base';
import type { ApiIdempotencyDeps } from './idempotent';

/** What the operator's ledger functions need: the ledger at the level the function uses (moving money by default). */
export type LedgerApiDeps<Port extends LedgerQueries = LedgerTransfers> = BaseDeps &
  ApiIdempotencyDeps & { readonly ledger: Port };

/** 201 when the request created something, 200 when it found it already there (`exists`). */
export const statusFor = (result: 'created' | 'exists'): number => (result === 'created' ? 201 : 200);
