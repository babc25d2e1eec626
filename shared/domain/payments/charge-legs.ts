import { derivedId } from '../../ids';
import { derivedResolutionId } from '../ledger/keys';
import type { PostingLegKind } from './posting';

/**
 * The ledger transfers a charge moves money with — a purchase's settlement and refund, a
 * channel reservation's capture — and how to tell them from any other transfer. Every leg's
 * id derives from the purchase or reservation its `reference` names, so a transfer is a
 * charge's leg exactly when its id is the one that charge derives for the leg. Which accounts
 * a transfer touches says nothing of what it is: an operator may move money between a
 * provider's revenue account and the platform fee account (a goodwill rebate) or a customer's
 * account, and that is neither a sale, nor a fee, nor a refund.
 */

const LEG_KINDS: readonly PostingLegKind[] = ['post', 'platformFee', 'carrierFee'];

/** What a charge id (a transfer's reference) names, by the prefix kippu gives its ids. */
export const chargeKindOf = (reference: string | undefined): 'purchase' | 'reservation' | undefined => {
  if (reference?.startsWith('pur_') === true) return 'purchase';
  if (reference?.startsWith('rsv_') === true) return 'reservation';
  return undefined;
};

/** A purchase's settlement legs (the hold posted, the fees moved out of the revenue). */
export const purchaseLegTransferIdFor = (purchaseId: string, kind: PostingLegKind): string =>
  derivedId('trf', 'purchase-settle', kind, purchaseId);

/** The reversal of a purchase's settlement leg, written by its refund. */
export const purchaseReversalTransferIdFor = (purchaseId: string, kind: PostingLegKind): string =>
  derivedId('trf', 'purchase-refund', kind, purchaseId);

/** A reservation's price hold. */
export const reservationHoldTransferIdFor = (reservationId: string): string =>
  derivedId('trf', 'reservation-hold', reservationId);

/** A reservation's capture legs: the post of its hold (the ledger's own id for it), then the fees. */
export const reservationLegTransferIdFor = (reservationId: string, kind: PostingLegKind): string =>
  kind === 'post'
    ? derivedResolutionId(reservationHoldTransferIdFor(reservationId), 'post')
    : derivedId('trf', 'reservation-fee', kind, reservationId);

/**
 * A reservation's late capture legs: when its hold expired before the show's money step, the
 * price moved from the payer to the provider's revenue as a posted transfer of its own (the
 * `post` leg), then the fees. Ids of their own, not the hold posting's: a repeat of the money
 * step tries the hold's posting first, which must find none of its legs stored to be refused
 * for the expired hold (a linked batch with some legs stored is refused as a partial retry).
 */
export const reservationLateCaptureTransferIdFor = (reservationId: string, kind: PostingLegKind = 'post'): string =>
  derivedId('trf', 'reservation-late-capture', kind, reservationId);

/**
 * The void of a reservation's hold whose capture the ledger refused for good (BALANCE_OVERFLOW:
 * an account on statements is at its stated bound). An id of its own, not the ledger's derived
 * void, so a repeat of the money step, which finds the hold voided, tells this release from
 * anyone else's void.
 */
export const reservationRefusedCaptureVoidIdFor = (reservationId: string): string =>
  derivedId('trf', 'reservation-refused-capture', reservationId);

/** The ids a reservation's leg may have: that of the hold's posting, or that of its late capture. */
const reservationLegIdsFor = (reservationId: string, kind: PostingLegKind): readonly string[] => [
  reservationLegTransferIdFor(reservationId, kind),
  reservationLateCaptureTransferIdFor(reservationId, kind),
];

export interface ChargeLeg {
  /** The purchase or reservation. */
  readonly chargeId: string;
  /** `post`: the customer's money to the provider's revenue; the fees: out of the revenue. */
  readonly leg: PostingLegKind;
  /** A refund's reversal of the leg. */
  readonly reversal: boolean;
}

/**
 * What a transfer is to a charge: one of its legs (or a refund's reversal of one), or
 * undefined for anything else — an operator's transfer, a top-up, a hold, billing's own.
 */
export const chargeLegOf = (transfer: {
  readonly id: string;
  readonly reference?: string;
  readonly reversesTransferId?: string;
}): ChargeLeg | undefined => {
  const chargeId = transfer.reference;
  const kind = chargeKindOf(chargeId);
  if (chargeId === undefined || kind === undefined) return undefined;
  for (const leg of LEG_KINDS) {
    if (transfer.reversesTransferId !== undefined) {
      // Only a purchase is refunded: a reservation's capture is never reversed.
      if (
        kind === 'purchase' &&
        transfer.id === purchaseReversalTransferIdFor(chargeId, leg) &&
        transfer.reversesTransferId === purchaseLegTransferIdFor(chargeId, leg)
      ) {
        return { chargeId, leg, reversal: true };
      }
      continue;
    }
    const legIds = kind === 'purchase' ? [purchaseLegTransferIdFor(chargeId, leg)] : reservationLegIdsFor(chargeId, leg);
    if (legIds.includes(transfer.id)) return { chargeId, leg, reversal: false };
  }
  return undefined;
};
