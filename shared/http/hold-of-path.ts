import { DomainError, isDomainError } from '../errors';
import type { LedgerQueries } from '../domain/ledger/ports';
import type { TransferOutcome } from '../domain/ledger/types';
import { requireHoldNotOwnedByFlow } from '../domain/payments/owned-transfers';

/** The field the ledger names the hold of a post or void by. */
const LEDGER_HOLD_FIELD = 'pendingId';
/** The path parameter POST /v1/transfers/{id}/post and /void name the hold by. */
const PATH_HOLD_FIELD = 'id';

/**
 * The operator's post or void (`resolve`) of the hold its path names (`id`): refused when a kippu
 * flow owns the hold, else as the ledger answers. A refusal names the hold as the request did,
 * by the path parameter `id`, not by the ledger's `pendingId`, which is no field of the request.
 */
export const resolveHoldOfPath = async (
  ledger: LedgerQueries,
  pendingId: string,
  resolve: () => Promise<TransferOutcome>,
): Promise<TransferOutcome> => {
  try {
    await requireHoldNotOwnedByFlow(ledger, pendingId);
    return await resolve();
  } catch (error) {
    if (!isDomainError(error) || !error.fields.some((issue) => issue.field === LEDGER_HOLD_FIELD)) throw error;
    const fields = error.fields.map((issue) =>
      issue.field === LEDGER_HOLD_FIELD ? { ...issue, field: PATH_HOLD_FIELD } : issue,
    );
    throw new DomainError(error.code, error.detail, fields, error.extensions);
  }
};
