import { assert, isDomainError } from '../../errors';
import { errorFields } from '../../logger';
import { customerWalletAccountId } from '../parties/accounts';
import { CARRIER_FEE_CODE, PLATFORM_FEE_CODE, RESERVATION_HOLD_CODE } from '../payments/owned-transfers';
import { postingLegs, postingOperations, singlePhasePostingOperations, type PostingLegKind } from '../payments/posting';
import {
  reservationLateCaptureTransferIdFor,
  reservationLegTransferIdFor,
  reservationRefusedCaptureVoidIdFor,
} from '../payments/charge-legs';
import type { PaymentTerms } from '../payments/route';
import type { FeeSplit } from '../purchases/fees';
import type { ReservationDeps } from './deps';
import type { ReservationRecord, SettlementNote, SettlementProblem } from './types';

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
 *
 * A hold that expired before the money step (the completion job was down longer than the
 * hold's margin) is captured late: the booker agreed to be charged and the show ran (or was
 * cancelled after reconfirmation), so the price moves from the payer as a posted transfer of
 * its own, with the same fee legs at the same rates, in ONE linked write whose ids derive from
 * the reservation (`reservationLateCaptureTransferIdFor`).
 *
 * A capture the ledger refuses for good because an account it moves money through is at its
 * stated bound (BALANCE_OVERFLOW, docs/ledger.md "Accounts on statements": the bound only
 * grows closer, so no retry passes it) is settled as a failed show is: the hold is voided and
 * nothing is charged, and the reservation records why (`balance_overflow`).
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

/** How a posting takes the price: by posting the hold, or by the late capture after the hold expired. */
type PostLeg = 'hold' | 'late_capture';

/** The split and the legs of a reservation's posting; undefined for a free show (nothing held). */
const reservationPosting = (reservation: ReservationRecord, postLeg: PostLeg = 'hold') => {
  if (reservation.holdTransferId === undefined) return undefined;
  return postingLegs({
    amountMinor: reservation.priceMinor,
    currency: reservation.currency,
    providerId: reservation.providerId,
    terms: paymentTermsOf(reservation),
    legId: (kind: PostingLegKind) =>
      postLeg === 'late_capture'
        ? reservationLateCaptureTransferIdFor(reservation.id, kind)
        : reservationLegTransferIdFor(reservation.id, kind),
  });
};

/** The fee split a reconfirmed show is (or was) posted with. */
export const reservationSplit = (reservation: ReservationRecord): FeeSplit | undefined => reservationPosting(reservation)?.split;

const POSTING_CODES = { post: RESERVATION_HOLD_CODE, platformFee: PLATFORM_FEE_CODE, carrierFee: CARRIER_FEE_CODE } as const;

/** The one linked write of the posting: the hold posted (code `reservation`), then the fees moved out of the revenue. */
const postingOperationsOf = (reservation: ReservationRecord, holdTransferId: string) => {
  const posting = reservationPosting(reservation);
  assert(posting !== undefined, 'a reservation with a hold has a posting');
  return postingOperations(posting.legs, {
    holdTransferId,
    currency: reservation.currency,
    reference: reservation.id,
    codes: POSTING_CODES,
  });
};

/** The one linked write of a late capture: the price from the payer to the revenue (code `reservation`), then the same fees. */
const lateCaptureOperationsOf = (reservation: ReservationRecord) => {
  const posting = reservationPosting(reservation, 'late_capture');
  assert(posting !== undefined, 'a reservation with a hold has a posting');
  return singlePhasePostingOperations(posting.legs, {
    currency: reservation.currency,
    reference: reservation.id,
    codes: POSTING_CODES,
  });
};

/** The payer's limit refuses the capture: the money the hold kept was spent after it expired. */
const PAYER_CANNOT_PAY: ReadonlySet<string> = new Set(['EXCEEDS_CREDITS', 'EXCEEDS_DEBITS']);

/** The ledger refused the capture for good: an account on statements is at its stated bound. */
const CAPTURE_REFUSED = 'BALANCE_OVERFLOW';
const REFUSED_CAPTURE_NOTE: SettlementNote = { settlementProblem: 'balance_overflow' };

type PostingDeps = Pick<ReservationDeps, 'ledger' | 'logger' | 'metrics'>;

const logRefusedCapture = (deps: PostingDeps, reservation: ReservationRecord, holdTransferId: string, error: unknown) =>
  deps.logger.warn('the ledger refused the capture of a reservation at its stated bound; nothing was charged', {
    reservationId: reservation.id,
    status: reservation.status,
    holdTransferId,
    settlementProblem: REFUSED_CAPTURE_NOTE.settlementProblem,
    ...errorFields(error),
  });

/**
 * The capture of a pending hold was refused for good (CAPTURE_REFUSED): release the hold, as
 * a failed show's, under an id of its own (`reservationRefusedCaptureVoidIdFor`), so that a
 * repeat of the money step, which finds the hold voided, knows why (`voidedForRefusedCapture`).
 * A hold that expired or was voided meanwhile is released already.
 */
const releaseRefusedCapture = async (
  deps: PostingDeps,
  reservation: ReservationRecord,
  holdTransferId: string,
  refusal: unknown,
): Promise<SettlementNote> => {
  try {
    await deps.ledger.voidPending({
      id: reservationRefusedCaptureVoidIdFor(reservation.id),
      pendingId: holdTransferId,
      code: RESERVATION_HOLD_CODE,
      reference: reservation.id,
    });
  } catch (error) {
    if (!isDomainError(error) || (error.code !== 'PENDING_TRANSFER_EXPIRED' && error.code !== 'PENDING_TRANSFER_ALREADY_VOIDED'))
      throw error;
  }
  logRefusedCapture(deps, reservation, holdTransferId, refusal);
  return REFUSED_CAPTURE_NOTE;
};

/** True when the hold was voided by `releaseRefusedCapture` (an earlier run of this money step). */
const voidedForRefusedCapture = async (deps: PostingDeps, reservation: ReservationRecord, holdTransferId: string) =>
  (await deps.ledger.getTransfer(holdTransferId)).resolvedByTransferId === reservationRefusedCaptureVoidIdFor(reservation.id);

/**
 * A completed or cancelled show whose hold expired: release the hold now if the sweeper has
 * not (an expired hold still counts against the payer until it is expired in the ledger), then
 * capture the price in one linked write. A payer that cannot pay any more keeps the old
 * outcome: `hold_expired`, nothing moved; a capture refused at the stated bound moves nothing
 * either (`balance_overflow`). Every step is a no-op when repeated (`exists`; the refusals
 * answer alike, the bound only grows closer).
 */
const captureLate = async (
  deps: PostingDeps,
  reservation: ReservationRecord,
  holdTransferId: string,
): Promise<SettlementNote> => {
  await deps.ledger.expirePending({ pendingId: holdTransferId });
  try {
    const [captured] = await deps.ledger.createTransfers(lateCaptureOperationsOf(reservation));
    assert(captured !== undefined, 'a late capture starts with its capture leg');
    if (captured.result === 'created') {
      deps.metrics.record('amountPostedMinor', captured.transfer.amountMinor, { currency: captured.transfer.currency });
      deps.logger.info('reservation hold had expired; the price was captured late', {
        reservationId: reservation.id,
        status: reservation.status,
        holdTransferId,
        lateCaptureTransferId: captured.transfer.id,
      });
    }
    return { lateCaptureTransferId: captured.transfer.id };
  } catch (error) {
    if (isDomainError(error) && error.code === CAPTURE_REFUSED) {
      logRefusedCapture(deps, reservation, holdTransferId, error);
      return REFUSED_CAPTURE_NOTE;
    }
    if (!isDomainError(error) || !PAYER_CANNOT_PAY.has(error.code)) throw error;
    deps.logger.warn('reservation hold had expired and the payer cannot pay now; nothing was captured', {
      reservationId: reservation.id,
      status: reservation.status,
      holdTransferId,
      settlementProblem: 'hold_expired',
      ...errorFields(error),
    });
    return { settlementProblem: 'hold_expired' };
  }
};

/** What a refusal of the resolution means: `as_intended` when the money is where it should be anyway. */
const POST_REFUSALS: Partial<Record<string, SettlementProblem | 'as_intended'>> = {
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
 * write), failed voids it. Retries are no-ops (derived ids). A hold that expired in the ledger
 * before a completed or cancelled show was posted (the completion job was down longer than the
 * hold's margin) is captured late (`captureLate`). Any other hold that is no longer pending is
 * final, not an error to retry forever: posted or voided by someone else, or not found. A
 * capture the ledger refuses at the stated bound voids the hold (`releaseRefusedCapture`). What
 * did not turn out as intended is returned as the reservation's settlement note (and logged):
 * the problem, or the late capture.
 */
export const resolveHold = async (deps: PostingDeps, reservation: ReservationRecord): Promise<SettlementNote | undefined> => {
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
    if (post && error.code === 'PENDING_TRANSFER_EXPIRED') return captureLate(deps, reservation, holdTransferId);
    if (post && error.code === CAPTURE_REFUSED) return releaseRefusedCapture(deps, reservation, holdTransferId, error);
    if (
      post &&
      error.code === 'PENDING_TRANSFER_ALREADY_VOIDED' &&
      (await voidedForRefusedCapture(deps, reservation, holdTransferId))
    )
      return REFUSED_CAPTURE_NOTE;
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
    return { settlementProblem: problem };
  }
};
