import type { LedgerQueries } from '../domain/ledger/ports';
import type { TransferOutcome } from '../domain/ledger/types';
import { requireHoldNotOwnedByFlow } from '../domain/payments/owned-transfers';
import { membersOf, namedAsRequested } from './request-fields';

/** The ledger names the hold of a post or void `pendingId`; POST /v1/transfers/{id}/post and /void name it by the path parameter `id`. */
const HOLD_FIELD_RENAMES = { pendingId: 'id' } as const;

/**
 * The operator's post or void (`resolve`) of the hold its path names (`id`): refused when a kippu
 * flow owns the hold, else as the ledger answers. A refusal names the fields as the request
 * did (namedAsRequested): the hold by the path parameter `id`, not by the ledger's `pendingId`,
 * which is no field of the request, and `amountMinor` only when the request gave one (a post
 * without it posts the whole hold, and the refusal names no field it did not send).
 */
export const resolveHoldOfPath = async (
  ledger: LedgerQueries,
  pendingId: string,
  request: object,
  resolve: () => Promise<TransferOutcome>,
): Promise<TransferOutcome> => {
  try {
    await requireHoldNotOwnedByFlow(ledger, pendingId);
    return await resolve();
  } catch (error) {
    throw namedAsRequested(error, HOLD_FIELD_RENAMES, ['id', ...membersOf(request)]);
  }
};
