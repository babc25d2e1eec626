import { assert, isDomainError } from '../../errors';
import { errorFields } from '../../logger';
import { customerWalletAccountId } from '../parties/accounts';
import { CARRIER_FEE_CODE, PLATFORM_FEE_CODE, RESERVATION_HOLD_CODE } from '../payments/owned-transfers';
import { postingLegs, postingOperations } from '../payments/posting';
import { reservationLegTransferIdFor } from '../payments/charge-legs';
import type { PaymentTerms } from '../payments/route';
import type { FeeSplit } from '../purchases/fees';
import type { ReservationDeps } from './deps';
import type { ReservationRecord, SettlementProblem } from './types';

/**
 * The money step at the end of a reconfirmed reservation: a completed show and a show
 * cancelled after reconfirmation post the hold and split the fee, a failed show voids it.
 *
 * The posting is the one purchases settle with (shared/domain/payments/posting.ts): ONE
 * linked ledger write that posts the hold in full to the provider's revenue and moves the
 * platform fee and, on the carrier route, the carrier's fee out of it, at the rates fixed at
 * reconfirmation, the provider keeping the remainder. Every leg's id derives from the
 * reservation (the post leg's is the ledger's own for a post of this hold), so a repeat after
 * a crash is `exists` for every leg and moves nothing more.
 */

/**
 * The terms a reservation's money moves under: those fixed at reconfirmation; a show
 * reconfirmed before fees were split keeps what it was sold with (wallet, nothing split).
 */
const paymentTermsOf = (reservation: ReservationRecord): PaymentTerms =>
  reservation.payment ?? {
    route: 'wallet',
    payerAccountId: customerWalletAccountId(reservation.customerId, reservation.currency),
    platformFeeBps: 0,
    carrierFeeBps: 0,
  };

/** The split and the legs of a reservation's posting; undefined for a free show (nothing held). */
const reservationPosting = (reservation: ReservationRecord) => {
  if (reservation.holdTransferId === undefined) return undefined;
  return postingLegs({
    amountMinor: reservation.priceMinor,
    currency: reservation.currency,
    providerId: reservation.providerId,
    terms: paymentTermsOf(reservation),
    legId: (kind) => reservationLegTransferIdFor(reservation.id, kind),
  });
};

/** The fee split a reconfirmed show is (or was) posted with. */
export const reservationSplit = (reservation: ReservationRecord): FeeSplit | undefined => reservationPosting(reservation)?.split;

/** The one linked write of the posting: the hold posted (code `reservation`), then the fees moved out of the revenue. */
const postingOperationsOf = (reservation: ReservationRecord, holdTransferId: string) => {
  const posting = reservationPosting(reservation);
  assert(posting !== undefined, 'a reservation with a hold has a posting');
  return postingOperations(posting.legs, {
    holdTransferId,
    currency: reservation.currency,
    reference: reservation.id,
    codes: { post: RESERVATION_HOLD_CODE, platformFee: PLATFORM_FEE_CODE, carrierFee: CARRIER_FEE_CODE },
  });
};

/** What a refusal of the resolution means: `as_intended` when the money is where it should be anyway. */
const POST_REFUSALS: Partial<Record<string, SettlementProblem | 'as_intended'>> = {
  PENDING_TRANSFER_EXPIRED: 'hold_expired',
  PENDING_TRANSFER_ALREADY_VOIDED: 'hold_already_voided',
  PENDING_TRANSFER_ALREADY_POSTED: 'as_intended',
  PENDING_TRANSFER_NOT_FOUND: 'hold_not_found',
  TRANSFER_NOT_FOUND: 'hold_not_found',
};
const VOID_REFUSALS: Partial<Record<string, SettlementProblem | 'as_intended'>> = {
  PENDING_TRANSFER_EXPIRED: 'as_intended',
  PENDING_TRANSFER_ALREADY_VOIDED: 'as_intended',
  PENDING_TRANSFER_ALREADY_POSTED: 'hold_already_posted',
  PENDING_TRANSFER_NOT_FOUND: 'hold_not_found',
  TRANSFER_NOT_FOUND: 'hold_not_found',
};

/**
 * The hold's resolution: completed and cancelled post it (with the fee split, one linked
 * write), failed voids it. Retries are no-ops (derived ids). A hold that is no longer pending is
 * final, not an error to retry forever: expired in the ledger (the completion job was down
 * longer than the hold's margin), or posted / voided by someone else. Whatever did not turn
 * out as intended is returned as the reservation's settlement problem (and logged).
 */
export const resolveHold = async (
  deps: Pick<ReservationDeps, 'ledger' | 'logger' | 'metrics'>,
  reservation: ReservationRecord,
): Promise<SettlementProblem | undefined> => {
  const holdTransferId = reservation.holdTransferId;
  if (holdTransferId === undefined) return undefined;
  const post = reservation.status !== 'failed';
  assert(
    !post || reservation.status === 'completed' || reservation.status === 'cancelled',
    'only completed or cancelled reservations post',
  );
  try {
    if (!post) {
      await deps.ledger.voidPending({ pendingId: holdTransferId, code: RESERVATION_HOLD_CODE, reference: reservation.id });
      return undefined;
    }
    const [posted] = await deps.ledger.createTransfers(postingOperationsOf(reservation, holdTransferId));
    // Only the write that posted it counts the money (a retry finds it `exists`).
    if (posted?.result === 'created') {
      deps.metrics.record('amountPostedMinor', posted.transfer.amountMinor, { currency: posted.transfer.currency });
    }
    return undefined;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const problem = (post ? POST_REFUSALS : VOID_REFUSALS)[error.code];
    if (problem === undefined) throw error;
    if (problem === 'as_intended') return undefined;
    deps.logger.warn('reservation hold was not pending; the outcome is final and needs attention', {
      reservationId: reservation.id,
      status: reservation.status,
      holdTransferId,
      settlementProblem: problem,
      ...errorFields(error),
    });
    return problem;
  }
};
