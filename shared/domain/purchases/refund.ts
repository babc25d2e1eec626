import { assert, DomainError, isDomainError, quoted, notVisible } from '../../errors';
import type { BusinessMetrics, Clock } from '../../ports';
import type { LedgerTransfers } from '../ledger/ports';
import { passedOnRefusal } from '../ledger/refusals';
import { actsFor, describePrincipal, type Principal } from '../principal';
import { revokeTicketAndDerived } from '../revocations/revocations';
import type { RevocationStore } from '../revocations/ports';
import type { TicketStore } from '../tickets/ports';
import { refundOperations, settlementLegs, type PurchaseRecord } from './purchase';
import type { PurchaseStore } from './ports';
import { signRefundDocket, type RefundDocketSigning } from './refund-docket';
import { releaseHold } from './release';

export interface RefundDeps {
  readonly purchases: PurchaseStore;
  readonly ledger: LedgerTransfers;
  readonly ticketStore: TicketStore;
  readonly revocations: RevocationStore;
  readonly clock: Clock;
  readonly metrics: BusinessMetrics;
  /** Signs the refund docket of a refund that reverses a settlement (refund-docket.ts): the document signer. */
  readonly refundDockets: RefundDocketSigning;
}

/**
 * Operators and the provider of the offer refund. A customer sees its own purchase but may
 * not refund it (403); anyone else is told the purchase does not exist (404).
 */
const authorizeRefund = (principal: Principal, purchase: PurchaseRecord | undefined, purchaseId: string): PurchaseRecord => {
  if (purchase !== undefined) {
    if (actsFor(principal, 'provider', purchase.providerId)) return purchase;
    if (actsFor(principal, 'customer', purchase.customerId)) {
      throw new DomainError('REFUND_NOT_ALLOWED', 'Refunds are made by the provider of the offer or an operator.');
    }
  }
  throw notVisible('PURCHASE_NOT_FOUND', 'purchase', purchaseId);
};

/**
 * Refund a purchase.
 *
 * Flow (each step idempotent, so a retry after a crash finishes the job):
 *  1. Read and authorize. `refunded` → answer as it is; `rejected` → 409 (nothing was taken).
 *  2. Money back in ONE ledger write:
 *     - settled: every settlement leg reversed (debit and credit swapped, reversesTransferId
 *       set) in one linked batch with derived ids;
 *     - authorized: void the hold (the same void id the worker uses on rejection; a void
 *       the worker already wrote counts as done). If the worker posted it meanwhile, reverse
 *       the legs instead (they are derived, and the linked settlement write guarantees all
 *       of them exist). A crash after this void leaves the hold voided by a refund: the
 *       settlement worker recognises the refund's void code and finishes steps 3 and 4 itself.
 *  3. Revoke the ticket and every ticket made from it (grants, transfers, at any depth) and
 *     append each to the provider's revocation list (revokeTicketAndDerived).
 *  4. When step 2 reversed the settlement's legs (the purchase was settled, or its settlement
 *     posted before this refund recorded it), sign the refund docket (refund-docket.ts): the
 *     reversal of each leg, for the docket's audience.
 *  5. Mark the purchase refunded (from authorized or settled) with the refund and its refund
 *     docket in ONE conditional write, only after step 3 finished, so a retry after a crash in
 *     step 3 walks the tickets again instead of answering `refunded`. Of a refund's attempts
 *     (a retry, a crash before this write, a concurrent request) only the write that marks the
 *     purchase refunded stores a refund docket; every later read and retry answers that one.
 *     A settlement recorded after this write (the refund overtook it) leaves the refund as it is.
 */
export const refundPurchase = async (deps: RefundDeps, principal: Principal, purchaseId: string): Promise<PurchaseRecord> => {
  const purchase = authorizeRefund(principal, await deps.purchases.get(purchaseId), purchaseId);
  if (purchase.status === 'refunded') return purchase;
  if (purchase.status === 'rejected') {
    throw new DomainError(
      'PURCHASE_NOT_REFUNDABLE',
      `Purchase ${quoted(purchaseId)} was rejected (${purchase.rejection?.reasonCode ?? 'unknown'}); no money was taken.`,
    );
  }
  const reverseLegs = async (): Promise<string[]> => {
    const legs = purchase.settlement?.legs ?? settlementLegs(purchase).legs;
    try {
      const outcomes = await deps.ledger.createTransfers(refundOperations(purchase, legs));
      return outcomes.map((outcome) => outcome.transfer.id);
    } catch (error) {
      // The refund's own refusal: no leg of the batch, no field (the request has no body).
      throw passedOnRefusal(error, `Purchase ${quoted(purchaseId)} cannot be refunded`);
    }
  };
  let transferIds: string[];
  if (purchase.status === 'settled') {
    transferIds = await reverseLegs();
  } else {
    try {
      const voidId = await releaseHold(deps.ledger, purchase, 'refund');
      transferIds = voidId === undefined ? [] : [voidId];
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'PENDING_TRANSFER_ALREADY_POSTED') throw error;
      transferIds = await reverseLegs();
    }
  }
  await revokeTicketAndDerived(deps, purchase.ticketId, purchase.providerId, 'refunded');
  const refundedAt = new Date(deps.clock.now()).toISOString();
  const refund = {
    refundedAt,
    refundedBy: describePrincipal(principal),
    transferIds,
    ...(await signRefundDocket(deps.refundDockets, purchase, { refundedAt, transferIds })),
  };
  if (await deps.purchases.markRefunded(purchase, ['authorized', 'settled'], refund))
    deps.metrics.record('purchasesRefunded', 1, {});
  const stored = await deps.purchases.get(purchase.id);
  assert(stored !== undefined, `purchase ${purchase.id} exists after its refund (purchases are never deleted)`);
  return stored;
};
