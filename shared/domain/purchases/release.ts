import { isDomainError, type ErrorCode } from '../../errors';
import { createTransfer } from '../ledger/one-transfer';
import type { LedgerQueries, LedgerTransfers } from '../ledger/ports';
import type { TransferView } from '../ledger/types';
import { HOLD_VOID_CODES, settlementLegs, voidTransferIdFor, type HoldVoidCause, type PurchaseRecord } from './purchase';

/**
 * Giving a purchase's held money back, for a refund of an authorized purchase and for a
 * rejected settlement alike: one transfer under the purchase's one derived release id
 * (`voidTransferIdFor`), so a refund and a rejection racing each other release it once.
 */

/** Outcomes of voiding a hold that all mean "the customer's money is not held any more". */
const RELEASED_CODES: ReadonlySet<ErrorCode> = /* @__PURE__ */ new Set<ErrorCode>([
  'PENDING_TRANSFER_ALREADY_VOIDED',
  'PENDING_TRANSFER_EXPIRED',
  'PENDING_TRANSFER_NOT_FOUND',
  'TRANSFER_NOT_FOUND',
]);

/**
 * The transfer that gave this purchase's held money back, if one was written (by a refund or
 * a rejection): the void of its hold, or the reversal of a post of the hold that was not the
 * settlement's. Its code says which cause wrote it (HOLD_VOID_CODES).
 */
export const holdReleaseOf = async (ledger: LedgerQueries, purchase: PurchaseRecord): Promise<TransferView | undefined> => {
  let transfer: TransferView;
  try {
    transfer = await ledger.getTransfer(voidTransferIdFor(purchase.id));
  } catch (error) {
    if (isDomainError(error) && error.code === 'TRANSFER_NOT_FOUND') return undefined;
    throw error;
  }
  const isVoid = transfer.kind === 'void' && transfer.pendingId === purchase.holdTransferId;
  const isReversal =
    transfer.reversesTransferId !== undefined &&
    transfer.reference === purchase.id &&
    transfer.creditAccountId === purchase.payerAccountId;
  return isVoid || isReversal ? transfer : undefined;
};

/**
 * The hold was posted, and not by the purchase's settlement: before the ledger API refused
 * flow-owned holds an operator could post one (`POST /v1/transfers/{id}/post`), which moved
 * the money to the provider with no fee split and left the settlement refused for good.
 * Reverse that post (debit and credit swapped) under the release id, so the customer gets
 * back what it moved. A hold the settlement posted throws `refusal`: its legs are the
 * caller's to reverse (a refund), and the worker never gets here for it (its write answers
 * `exists`).
 */
const reverseForeignPost = async (
  ledger: LedgerTransfers,
  purchase: PurchaseRecord,
  cause: HoldVoidCause,
  refusal: Error,
): Promise<string> => {
  const hold = await ledger.getTransfer(purchase.holdTransferId);
  const postId = hold.resolvedByTransferId;
  if (postId === undefined || postId === settlementLegs(purchase).legs[0]?.transferId) throw refusal;
  const post = await ledger.getTransfer(postId);
  const outcome = await createTransfer(ledger, {
    action: 'create',
    id: voidTransferIdFor(purchase.id),
    debitAccountId: post.creditAccountId,
    creditAccountId: post.debitAccountId,
    amountMinor: post.amountMinor,
    currency: post.currency,
    code: HOLD_VOID_CODES[cause],
    reference: purchase.id,
    reversesTransferId: post.id,
  });
  return outcome.transfer.id;
};

/**
 * Give the purchase's held money back, under the code of its cause: void the hold; a hold
 * already released (voided, expired) counts as done; a hold posted by anything but the
 * settlement has that post reversed. The release id is derived, so when the other cause
 * released first (a refund racing a rejection) ours "exists with a different code": that
 * release gave the money back too, and its id is returned. Answers the release's id, or
 * undefined when nothing was left to release; throws PENDING_TRANSFER_ALREADY_POSTED when
 * the settlement posted the hold.
 */
export const releaseHold = async (
  ledger: LedgerTransfers,
  purchase: PurchaseRecord,
  cause: HoldVoidCause,
): Promise<string | undefined> => {
  const voidOrReverse = async (): Promise<string | undefined> => {
    try {
      const outcome = await ledger.voidPending({
        id: voidTransferIdFor(purchase.id),
        pendingId: purchase.holdTransferId,
        code: HOLD_VOID_CODES[cause],
        reference: purchase.id,
      });
      return outcome.transfer.id;
    } catch (error) {
      if (!isDomainError(error)) throw error;
      if (RELEASED_CODES.has(error.code)) return undefined;
      if (error.code === 'PENDING_TRANSFER_ALREADY_POSTED') return await reverseForeignPost(ledger, purchase, cause, error);
      throw error;
    }
  };
  try {
    return await voidOrReverse();
  } catch (error) {
    if (isDomainError(error) && error.code === 'TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS') {
      const existing = await holdReleaseOf(ledger, purchase);
      if (existing !== undefined) return existing.id;
    }
    throw error;
  }
};
