import { DomainError, assert, isDomainError } from '../../errors';
import { LEDGER_PENDING_TIMEOUT_SECONDS_MAX, RESERVATION_HOLD_MARGIN_SECONDS } from '../../limits';
import { errorFields } from '../../logger';
import type { CreateTransferInput } from '../ledger/types';
import { customerWalletAccountId, providerRevenueAccount, providerRevenueAccountId } from '../parties/accounts';
import { expiredError, loadReservation, notActive } from './access';
import type { ReservationDeps } from './deps';
import { completionDueMs, holdTransferIdOf, iso } from './rules';
import type { ReservationRecord, SettlementProblem } from './types';

/**
 * The reservation's hold: a pending transfer wallet → provider revenue for the price, placed
 * at reconfirmation (or adopted from a crashed attempt), voided when the booking ends before
 * the show, and resolved (posted or voided) once the show is over, cancelled or failed. Its
 * id derives from the reservation, so every retry lands on the same transfer.
 */

const ledgerCodeIs = (error: unknown, ...codes: readonly string[]): boolean => isDomainError(error) && codes.includes(error.code);

/** Whether a ledger refusal names this field of the (single) transfer. */
const ledgerFieldIs = (error: unknown, field: string): boolean =>
  isDomainError(error) && error.fields.some((issue) => issue.field === field);

const insufficientFunds = (reservation: ReservationRecord, detail: string) =>
  new DomainError('INSUFFICIENT_FUNDS', `${detail}; top it up and reconfirm before ${iso(reservation.reconfirmByMs)}.`, [], {
    priceMinor: reservation.priceMinor,
    currency: reservation.currency,
  });

/** The hold of a reservation, as every attempt computes it; only the timeout (counted from now) differs between attempts. */
const holdOf = (
  reservation: ReservationRecord,
  config: ReservationDeps['reservationConfig'],
  nowMs: number,
): { readonly action: 'create' } & CreateTransferInput => {
  const holdEndsMs = completionDueMs(reservation, config) + RESERVATION_HOLD_MARGIN_SECONDS * 1000;
  const timeoutSeconds = Math.ceil((holdEndsMs - nowMs) / 1000);
  assert(
    timeoutSeconds > 0 && timeoutSeconds <= LEDGER_PENDING_TIMEOUT_SECONDS_MAX,
    'the booking horizon keeps the hold timeout in range',
  );
  return {
    action: 'create',
    id: holdTransferIdOf(reservation.id),
    debitAccountId: customerWalletAccountId(reservation.customerId, reservation.currency),
    creditAccountId: providerRevenueAccountId(reservation.providerId, reservation.currency),
    amountMinor: reservation.priceMinor,
    currency: reservation.currency,
    code: 'reservation',
    reference: reservation.id,
    timeoutSeconds,
  };
};

/**
 * Step 2 of the reconfirmation: the hold for the price, or nothing for a free show (a fee of
 * 0: the ledger refuses a hold of 0 and there is nothing to capture).
 *
 * The timeout counts from now, so a retry computes another one than the first attempt did
 * and the ledger answers TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS: the hold of that first
 * attempt (same id, accounts, amount, currency, code and reference) is then adopted if it is
 * still pending. A missing wallet is 402 INSUFFICIENT_FUNDS, as for purchases; a missing
 * revenue account (a channel created before channels opened it) is opened, once.
 */
export const placeHold = async (
  deps: Pick<ReservationDeps, 'store' | 'ledger' | 'reservationConfig'>,
  reservation: ReservationRecord,
  nowMs: number,
): Promise<string | undefined> => {
  if (reservation.priceMinor === 0) return undefined;
  const hold = holdOf(reservation, deps.reservationConfig, nowMs);
  for (let attempt = 1; attempt <= 2; attempt += 1) {
    try {
      await deps.ledger.createTransfers([hold]);
      return hold.id;
    } catch (error) {
      if (ledgerCodeIs(error, 'EXCEEDS_CREDITS')) {
        throw insufficientFunds(reservation, `The wallet in ${reservation.currency} cannot cover ${reservation.priceMinor}`);
      }
      if (ledgerCodeIs(error, 'ACCOUNT_NOT_FOUND') && ledgerFieldIs(error, 'debitAccountId')) {
        throw insufficientFunds(reservation, `There is no wallet in ${reservation.currency} yet`);
      }
      if (ledgerCodeIs(error, 'ACCOUNT_NOT_FOUND') && ledgerFieldIs(error, 'creditAccountId') && attempt === 1) {
        await deps.ledger.createAccount(providerRevenueAccount(reservation.providerId, reservation.currency));
        continue;
      }
      if (ledgerCodeIs(error, 'TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS')) return adoptHold(deps, reservation, hold, error);
      throw error;
    }
  }
  throw new DomainError('ACCOUNT_NOT_FOUND', `The revenue account of provider ${reservation.providerId} could not be opened.`);
};

/** The hold a crashed attempt placed: ours if everything but the timeout matches. */
const adoptHold = async (
  deps: Pick<ReservationDeps, 'store' | 'ledger'>,
  reservation: ReservationRecord,
  hold: CreateTransferInput,
  refusal: unknown,
): Promise<string> => {
  const existing = await deps.ledger.getTransfer(hold.id);
  const same =
    existing.kind === 'pending' &&
    existing.debitAccountId === hold.debitAccountId &&
    existing.creditAccountId === hold.creditAccountId &&
    existing.amountMinor === hold.amountMinor &&
    existing.currency === hold.currency &&
    existing.code === hold.code &&
    existing.reference === hold.reference;
  if (!same) throw refusal;
  if (existing.state === 'pending') return hold.id;
  // Released meanwhile by the expiry or a cancel that won the race.
  const current = await loadReservation(deps, reservation.id);
  if (current.status === 'expired') throw expiredError(current);
  if (current.status !== 'pending_reconfirmation') throw notActive(current);
  throw refusal;
};

/** Void a hold that may not exist (yet): used where a crash could have left one behind. */
export const voidHoldQuietly = async (
  deps: Pick<ReservationDeps, 'ledger' | 'logger'>,
  reservationId: string,
  why: string,
): Promise<void> => {
  try {
    // The same fields as every other void of this hold: whoever voids first, the others get `exists`.
    await deps.ledger.voidPending({ pendingId: holdTransferIdOf(reservationId), code: 'reservation', reference: reservationId });
    deps.logger.info('reservation hold voided', { reservationId, why });
  } catch (error) {
    if (
      ledgerCodeIs(
        error,
        'TRANSFER_NOT_FOUND',
        'PENDING_TRANSFER_NOT_FOUND',
        'PENDING_TRANSFER_ALREADY_VOIDED',
        'PENDING_TRANSFER_EXPIRED',
      )
    )
      return;
    throw error;
  }
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
 * The hold's resolution: completed and cancelled post it, failed voids it. Retries are no-ops
 * (the ledger derives the post/void id from the hold). A hold that is no longer pending is
 * final, not an error to retry forever: expired in the ledger (the completion job was down
 * longer than the hold's margin), or posted / voided by someone else. Whatever did not turn
 * out as intended is returned as the reservation's settlement problem (and logged).
 */
export const resolveHold = async (
  deps: Pick<ReservationDeps, 'ledger' | 'logger'>,
  reservation: ReservationRecord,
): Promise<SettlementProblem | undefined> => {
  const holdTransferId = reservation.holdTransferId;
  if (holdTransferId === undefined) return undefined;
  const post = reservation.status !== 'failed';
  assert(
    !post || reservation.status === 'completed' || reservation.status === 'cancelled',
    'only completed or cancelled reservations post',
  );
  const resolution = { pendingId: holdTransferId, code: 'reservation', reference: reservation.id } as const;
  try {
    if (post) await deps.ledger.postPending(resolution);
    else await deps.ledger.voidPending(resolution);
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
