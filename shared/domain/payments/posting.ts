import type { TransferCode, TransferOperation } from '../ledger/types';
import { agentFeeAccountId, platformFeeAccountId, providerRevenueAccountId } from '../parties/accounts';
import { splitPrice, type FeeSplit } from '../purchases/fees';
import type { PaymentTerms } from './route';

/**
 * Posting a hold, for a purchase's settlement or a reservation's capture alike: ONE linked
 * ledger write that posts the hold in full to the provider's revenue account and moves the
 * platform fee and (carrier route) the carrier's collection fee out of it. The split is
 * `splitPrice` (fees rounded down, the provider keeps the rest, the legs sum to the price).
 * Leg ids are derived by the caller, so a retry after a crash is `exists` for every leg.
 */
export type PostingLegKind = 'post' | 'platformFee' | 'carrierFee';

export interface PostingLeg {
  readonly kind: PostingLegKind;
  readonly transferId: string;
  readonly debitAccountId: string;
  readonly creditAccountId: string;
  readonly amountMinor: number;
}

/** What is posted: the held amount, to whom, under the terms fixed with the hold. */
export interface PostingInput {
  readonly amountMinor: number;
  readonly currency: string;
  readonly providerId: string;
  readonly terms: PaymentTerms;
  /** The id of each leg (derived, so that every attempt names the same transfers). */
  readonly legId: (kind: PostingLegKind) => string;
}

/** The split of a posting and its legs; legs of zero are left out (the ledger moves only positive amounts). */
export const postingLegs = (input: PostingInput): { split: FeeSplit; legs: PostingLeg[] } => {
  const { terms } = input;
  const split = splitPrice(input.amountMinor, terms.platformFeeBps, terms.route === 'carrier' ? terms.carrierFeeBps : 0);
  const revenue = providerRevenueAccountId(input.providerId, input.currency);
  const legs: PostingLeg[] = [
    {
      kind: 'post',
      transferId: input.legId('post'),
      debitAccountId: terms.payerAccountId,
      creditAccountId: revenue,
      amountMinor: split.grossMinor,
    },
  ];
  if (split.platformFeeMinor > 0) {
    legs.push({
      kind: 'platformFee',
      transferId: input.legId('platformFee'),
      debitAccountId: revenue,
      creditAccountId: platformFeeAccountId(input.currency),
      amountMinor: split.platformFeeMinor,
    });
  }
  if (split.carrierFeeMinor > 0 && terms.agentId !== undefined) {
    legs.push({
      kind: 'carrierFee',
      transferId: input.legId('carrierFee'),
      debitAccountId: revenue,
      creditAccountId: agentFeeAccountId(terms.agentId, input.currency),
      amountMinor: split.carrierFeeMinor,
    });
  }
  return { split, legs };
};

/** The codes a posting's legs are written with. */
export interface PostingCodes {
  readonly post: TransferCode;
  readonly platformFee: TransferCode;
  readonly carrierFee: TransferCode;
}

/** Where a posting's money and labels go: the currency, the charge it is for, the codes of its legs. */
interface PostingWrite {
  readonly currency: string;
  readonly reference: string;
  readonly codes: PostingCodes;
}

/** A leg written as a posted (single-phase) transfer of its own. */
const singlePhaseOperation = (leg: PostingLeg, posting: PostingWrite): TransferOperation => ({
  action: 'create',
  id: leg.transferId,
  debitAccountId: leg.debitAccountId,
  creditAccountId: leg.creditAccountId,
  amountMinor: leg.amountMinor,
  currency: posting.currency,
  code: posting.codes[leg.kind],
  reference: posting.reference,
});

/** The one linked ledger write of a posting: the hold posted in full, then each fee moved out of the revenue. */
export const postingOperations = (
  legs: readonly PostingLeg[],
  posting: PostingWrite & { readonly holdTransferId: string },
): TransferOperation[] =>
  legs.map((leg): TransferOperation =>
    leg.kind === 'post'
      ? {
          action: 'post',
          id: leg.transferId,
          pendingId: posting.holdTransferId,
          code: posting.codes.post,
          reference: posting.reference,
        }
      : singlePhaseOperation(leg, posting),
  );

/**
 * The single-phase variant, for a charge whose hold can no longer be posted (it expired):
 * ONE linked write that moves the held amount from the payer to the provider's revenue as a
 * posted transfer, then the same fee legs. The same split and accounts as `postingOperations`;
 * the payer must be able to pay now (its limit decides), since nothing holds the money any more.
 */
export const singlePhasePostingOperations = (legs: readonly PostingLeg[], posting: PostingWrite): TransferOperation[] =>
  legs.map((leg) => singlePhaseOperation(leg, posting));
