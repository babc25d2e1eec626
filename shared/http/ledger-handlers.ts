import type { Ledger } from '../domain/ledger/port';
import type { IdempotencyDeps } from '../domain/idempotency/idempotency';
import type { BaseDeps } from './base';

/** What the operator's ledger functions need. */
export type LedgerApiDeps = BaseDeps & IdempotencyDeps & { readonly ledger: Ledger };

/** 201 when the request created something, 200 when it found it already there (`exists`). */
export const statusFor = (result: 'created' | 'exists'): number => (result === 'created' ? 201 : 200);
