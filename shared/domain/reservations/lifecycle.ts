import { DomainError, assert, isDomainError } from '../../errors';
import {
  LEDGER_PENDING_TIMEOUT_SECONDS_MAX,
  RESERVATION_HOLD_MARGIN_SECONDS,
  RESERVATION_SWEEP_CONCURRENCY,
  RESERVATION_TRANSACTION_ATTEMPTS_MAX,
  RESERVATION_VIEWER_REVOCATIONS_PER_STEP_MAX,
} from '../../limits';
import { errorFields } from '../../logger';
import type { CreateTransferInput } from '../ledger/types';
import { customerWalletAccountId, providerRevenueAccount, providerRevenueAccountId } from '../parties/accounts';
import type { Principal } from '../principal';
import { revokeTicket } from '../revocations/revocations';
import { issueTicket, type TicketDeps } from '../tickets/issue';
import type { TicketRecord } from '../tickets/ticket';
import type { ReservationDeps } from './deps';
import type { Transition } from './ports';
import {
  bookerAndFriends,
  broadcasterTicketIdOf,
  completionDueMs,
  connectWindow,
  hashPassword,
  holdTransferIdOf,
  iso,
  outboxEvent,
  reminderEventIdOf,
  requirePasswordFor,
} from './rules';
import type { OpenLevel, ReservationRecord, SettlementProblem, ShowMetadata } from './types';

/** Reservation codes: how a customer sees a reservation that is not theirs (404, never 403). */
const notFound = (reservationId: string) =>
  new DomainError('RESERVATION_NOT_FOUND', `No reservation ${reservationId} is visible to you.`);

export const loadReservation = async (
  deps: Pick<ReservationDeps, 'store'>,
  reservationId: string,
): Promise<ReservationRecord> => {
  const reservation = await deps.store.getReservation(reservationId);
  if (reservation === undefined) throw notFound(reservationId);
  return reservation;
};

/** Only the booker (or an operator) reads or changes a reservation; everyone else gets 404. */
export const reservationForBooker = async (
  deps: Pick<ReservationDeps, 'store'>,
  principal: Principal,
  reservationId: string,
): Promise<ReservationRecord> => {
  const reservation = await deps.store.getReservation(reservationId);
  const allowed =
    reservation !== undefined &&
    (principal.role === 'operator' || (principal.role === 'customer' && principal.subject === reservation.customerId));
  if (!allowed) throw notFound(reservationId);
  return reservation;
};

/** A transition that lost a race is re-decided on the new state, a bounded number of times. */
const checkAttempt = (attempt: number, reservationId: string): void => {
  if (attempt > RESERVATION_TRANSACTION_ATTEMPTS_MAX) {
    throw new DomainError('TRANSACTION_CONFLICT', `Reservation ${reservationId} kept changing; retry the request.`);
  }
};

const isListed = (openLevel: OpenLevel): boolean => openLevel !== 'secret';

const notActive = (reservation: ReservationRecord) =>
  new DomainError('RESERVATION_NOT_ACTIVE', `Reservation ${reservation.id} is ${reservation.status}.`, [], {
    status: reservation.status,
  });

const expiredError = (reservation: ReservationRecord) =>
  new DomainError(
    'RESERVATION_EXPIRED',
    `Reservation ${reservation.id} was not reconfirmed before ${iso(reservation.reconfirmByMs)} and has expired: book again.`,
    [],
    { status: 'expired', reconfirmBy: iso(reservation.reconfirmByMs) },
  );

const ledgerCodeIs = (error: unknown, ...codes: readonly string[]): boolean => isDomainError(error) && codes.includes(error.code);

/** Whether a ledger refusal names this field of the (single) transfer. */
const ledgerFieldIs = (error: unknown, field: string): boolean =>
  isDomainError(error) && error.fields.some((issue) => issue.field === field);

const insufficientFunds = (reservation: ReservationRecord, detail: string) =>
  new DomainError('INSUFFICIENT_FUNDS', `${detail}; top it up and reconfirm before ${iso(reservation.reconfirmByMs)}.`, [], {
    priceMinor: reservation.priceMinor,
    currency: reservation.currency,
  });

/** The broadcaster ticket: for the channel's provider, held by the booker, window startsAt − before … endsAt + after. */
const issueBroadcasterTicket = async (
  deps: Pick<ReservationDeps, 'tickets' | 'reservationConfig'>,
  reservation: ReservationRecord,
  principal: Principal,
): Promise<TicketRecord> => {
  const window = connectWindow(reservation, deps.reservationConfig);
  return issueTicket(
    deps.tickets,
    broadcasterTicketIdOf(reservation.id),
    {
      providerId: reservation.providerId,
      holderId: reservation.customerId,
      resource: reservation.channelId,
      validitySeconds: (window.closesAtMs - window.opensAtMs) / 1000,
      notBeforeMs: window.opensAtMs,
      capabilities: ['broadcast'],
      reservationId: reservation.id,
      // A free show has no hold.
      ...(reservation.holdTransferId === undefined ? {} : { transferId: reservation.holdTransferId }),
    },
    principal,
  );
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
const placeHold = async (
  deps: Pick<ReservationDeps, 'store' | 'ledger' | 'reservationConfig'>,
  reservation: ReservationRecord,
  nowMs: number,
): Promise<string | undefined> => {
  if (reservation.priceMinor === 0) return undefined;
  const holdEndsMs = completionDueMs(reservation, deps.reservationConfig) + RESERVATION_HOLD_MARGIN_SECONDS * 1000;
  const timeoutSeconds = Math.ceil((holdEndsMs - nowMs) / 1000);
  assert(
    timeoutSeconds > 0 && timeoutSeconds <= LEDGER_PENDING_TIMEOUT_SECONDS_MAX,
    'the booking horizon keeps the hold timeout in range',
  );
  const hold: { readonly action: 'create' } & CreateTransferInput = {
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

export interface ReconfirmResult {
  readonly reservation: ReservationRecord;
  readonly ticket: TicketRecord;
}

/**
 * Reconfirm a booking.
 *
 * Flow:
 *  1. Confirmed already (a retry): return it with its ticket. Expired, or the deadline has
 *     passed by the injected clock: 409 RESERVATION_EXPIRED. Other states: 409.
 *  2. Place the hold for the price: a pending transfer wallet → provider revenue with an id
 *     derived from the reservation, whose timeout covers the show, the completion grace and
 *     a margin. Not enough money: 402 INSUFFICIENT_FUNDS and the booking stays pending.
 *  3. Conditional transition pending → confirmed (`status = pending AND now < reconfirmBy`),
 *     which moves it from the expiry queue to the completion queue, lists it, withdraws the
 *     reminder and writes the `confirmed` event. If the expiry won the race, void the hold
 *     and answer 409 RESERVATION_EXPIRED: exactly one of the two states results.
 *  4. Delete the one-time expiry schedule (best effort: a late firing finds nothing to do).
 *  5. Issue the broadcaster ticket (id derived from the reservation: a retry gets the same).
 * A crash between 2 and 3 leaves a hold that the retry adopts, or that the expiry or a
 * cancel voids. A free show (fee 0) skips step 2. The transition is conditional on the
 * version read in step 1 too, so a metadata change in between (e.g. to `secret`) is never
 * listed with the old open level: the reconfirm decides again on the new version.
 */
export const reconfirmReservation = async (
  deps: Pick<ReservationDeps, 'store' | 'ledger' | 'tickets' | 'scheduler' | 'clock' | 'reservationConfig' | 'logger'>,
  principal: Principal,
  reservationId: string,
  attempt = 1,
): Promise<ReconfirmResult> => {
  checkAttempt(attempt, reservationId);
  const reservation = await reservationForBooker(deps, principal, reservationId);
  if (reservation.status === 'confirmed') {
    return { reservation, ticket: await issueBroadcasterTicket(deps, reservation, principal) };
  }
  const nowMs = deps.clock.now();
  if (
    reservation.status === 'expired' ||
    (reservation.status === 'pending_reconfirmation' && nowMs >= reservation.reconfirmByMs)
  ) {
    throw expiredError(reservation);
  }
  if (reservation.status !== 'pending_reconfirmation') throw notActive(reservation);

  const holdTransferId = await placeHold(deps, reservation, nowMs);

  const confirmed = await deps.store.transition({
    reservationId: reservation.id,
    from: 'pending_reconfirmation',
    to: 'confirmed',
    nowMs,
    deadline: 'before',
    // `listed` follows the open level read above: only if nothing changed it since.
    expectedVersion: reservation.version,
    releaseSlots: false,
    returnQuota: false,
    due: { kind: 'complete', atMs: completionDueMs(reservation, deps.reservationConfig) },
    listed: isListed(reservation.openLevel),
    set: { ...(holdTransferId === undefined ? {} : { holdTransferId }), ticketId: broadcasterTicketIdOf(reservation.id) },
    events: [
      outboxEvent(
        reservation,
        'reservation.confirmed',
        bookerAndFriends(reservation),
        `Show "${reservation.title}" is confirmed for ${iso(reservation.startsAtMs)}.`,
        nowMs,
      ),
    ],
    withdrawEventIds: [reminderEventIdOf(reservation.id)],
  });
  if (confirmed === undefined) {
    const current = await loadReservation(deps, reservation.id);
    if (current.status === 'confirmed') {
      return { reservation: current, ticket: await issueBroadcasterTicket(deps, current, principal) };
    }
    // Changed meanwhile (its metadata) but still reconfirmable: decide again on the new version (the hold is adopted).
    if (current.status === 'pending_reconfirmation' && deps.clock.now() < current.reconfirmByMs) {
      return reconfirmReservation(deps, principal, reservationId, attempt + 1);
    }
    await voidQuietly(deps, reservation.id, 'reconfirm lost to the expiry or a cancel');
    if (current.status === 'expired' || current.status === 'pending_reconfirmation') throw expiredError(current);
    throw notActive(current);
  }
  await cancelScheduleQuietly(deps, reservation.id);
  return { reservation: confirmed, ticket: await issueBroadcasterTicket(deps, confirmed, principal) };
};

const cancelScheduleQuietly = async (
  deps: Pick<ReservationDeps, 'scheduler' | 'logger'>,
  reservationId: string,
): Promise<void> => {
  try {
    await deps.scheduler.cancelExpiry(reservationId);
  } catch (error) {
    // A schedule left behind fires later and finds nothing to do.
    deps.logger.warn('expiry schedule not deleted', { reservationId, ...errorFields(error) });
  }
};

/** Void a hold that may not exist (yet): used where a crash could have left one behind. */
const voidQuietly = async (
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

/** What the expiry did: `expired` exactly once per reservation, whoever asks. */
export type ExpiryOutcome = 'expired' | 'not_due' | 'not_pending' | 'not_found';

/**
 * Expire a booking whose deadline passed, exactly once. Called by its one-time schedule and
 * by the sweeper; any number of overlapping calls produce one transition, because the write
 * is conditional on `status = pending AND reconfirmBy <= now` and frees the slots, gives back
 * the quota and writes the event in the same transaction.
 *
 * The reservation stays in the expiry queue until the hold a crashed reconfirm may have left
 * is voided: if that void fails, the sweeper (or a repeat of the schedule) finds the expired
 * reservation and voids it then.
 */
export const expireReservation = async (
  deps: Pick<ReservationDeps, 'store' | 'ledger' | 'clock' | 'logger'>,
  reservationId: string,
): Promise<ExpiryOutcome> => {
  const reservation = await deps.store.getReservation(reservationId);
  if (reservation === undefined) return 'not_found';
  if (reservation.status === 'expired') {
    await voidQuietly(deps, reservationId, 'reservation expired (repeat)');
    await deps.store.clearDue(reservationId, 'expired');
    return 'not_pending';
  }
  if (reservation.status !== 'pending_reconfirmation') return 'not_pending';
  const nowMs = deps.clock.now();
  if (nowMs < reservation.reconfirmByMs) return 'not_due';
  const expired = await deps.store.transition({
    reservationId,
    from: 'pending_reconfirmation',
    to: 'expired',
    nowMs,
    deadline: 'reached',
    releaseSlots: true,
    returnQuota: true,
    due: 'keep',
    listed: false,
    events: [
      outboxEvent(
        reservation,
        'reservation.expired',
        bookerAndFriends(reservation),
        `Reservation ${reservation.id} was not reconfirmed and has expired; book again.`,
        nowMs,
      ),
    ],
    withdrawEventIds: [reminderEventIdOf(reservation.id)],
  });
  if (expired === undefined) return 'not_pending';
  // A reconfirm that crashed after placing its hold left it behind: release it, then leave the queue.
  await voidQuietly(deps, reservationId, 'reservation expired');
  await deps.store.clearDue(reservationId, 'expired');
  // The schedule is left alone: it is due now, so it fires (a no-op if a sweep was first) and
  // EventBridge deletes it after the run (ActionAfterCompletion DELETE). Deleting it here would
  // race with its own firing.
  return 'expired';
};

/** What revoking a show's tickets needs: the ticket records and the providers' revocation lists. */
type TicketRevocationDeps = Pick<ReservationDeps, 'store' | 'revocations' | 'clock'> & {
  readonly tickets: Pick<TicketDeps, 'ticketStore'>;
};

/** What finishing a reservation (money, tickets, queue) needs. */
export type FinishDeps = Pick<ReservationDeps, 'ledger' | 'logger'> & TicketRevocationDeps;

/**
 * Cancel. Before reconfirmation it costs nothing (slots and quota are given back) and a hold
 * a crashed reconfirm may have left is voided. After it the fee is captured: the transition
 * frees the slots (the quota stays used) and puts the reservation in the completion queue at
 * once; then the hold is posted and the broadcaster and viewer tickets are revoked (the slots
 * are someone else's now). If that crashes, a retry of the cancel or the completion job
 * finishes it.
 */
export const cancelReservation = async (
  deps: Pick<ReservationDeps, 'scheduler'> & FinishDeps,
  principal: Principal,
  reservationId: string,
  attempt = 1,
): Promise<ReservationRecord> => {
  checkAttempt(attempt, reservationId);
  const reservation = await reservationForBooker(deps, principal, reservationId);
  const nowMs = deps.clock.now();
  if (reservation.status === 'cancelled') {
    // A repeat: finish what a crashed first attempt may have left (every step is idempotent).
    if (reservation.ticketId !== undefined) await finishReservation(deps, reservation);
    return reservation;
  }
  const common = {
    reservationId,
    to: 'cancelled' as const,
    nowMs,
    releaseSlots: true,
    listed: false,
    events: [
      outboxEvent(
        reservation,
        'reservation.cancelled',
        bookerAndFriends(reservation),
        `Show "${reservation.title}" on ${iso(reservation.startsAtMs)} is cancelled.`,
        nowMs,
      ),
    ],
    withdrawEventIds: [reminderEventIdOf(reservation.id)],
  };
  if (reservation.status === 'pending_reconfirmation') {
    if (nowMs >= reservation.reconfirmByMs) throw expiredError(reservation);
    const cancelled = await deps.store.transition({
      ...common,
      from: 'pending_reconfirmation',
      deadline: 'before',
      returnQuota: true,
      due: 'remove',
    });
    if (cancelled === undefined) return cancelReservation(deps, principal, reservationId, attempt + 1);
    // A reconfirm that crashed after placing its hold left it behind: release it.
    await voidQuietly(deps, reservationId, 'reservation cancelled before reconfirmation');
    await cancelScheduleQuietly(deps, reservationId);
    return cancelled;
  }
  if (reservation.status === 'confirmed') {
    const cancelled = await deps.store.transition({
      ...common,
      from: 'confirmed',
      returnQuota: false,
      due: { kind: 'complete', atMs: nowMs },
    });
    if (cancelled === undefined) return cancelReservation(deps, principal, reservationId, attempt + 1);
    await finishReservation(deps, cancelled);
    return cancelled;
  }
  if (reservation.status === 'expired') throw expiredError(reservation);
  throw notActive(reservation);
};

/**
 * The provider reports that the service failed: the hold is voided (nothing is charged) and
 * the show's tickets are revoked. Only the channel's provider, only while the show is
 * confirmed (before the completion job posted the hold, i.e. until endsAt + the completion
 * grace). A repeat finishes what a crashed first attempt left.
 */
export const reportFailure = async (
  deps: FinishDeps,
  principal: Principal,
  reservationId: string,
  reason: string | undefined,
  attempt = 1,
): Promise<ReservationRecord> => {
  checkAttempt(attempt, reservationId);
  const reservation = await deps.store.getReservation(reservationId);
  const allowed =
    reservation !== undefined &&
    (principal.role === 'operator' || (principal.role === 'provider' && principal.subject === reservation.providerId));
  if (!allowed) throw notFound(reservationId);
  if (reservation.status === 'failed') {
    await finishReservation(deps, reservation);
    return reservation;
  }
  if (reservation.status !== 'confirmed') throw notActive(reservation);
  const nowMs = deps.clock.now();
  const failed = await deps.store.transition({
    reservationId,
    from: 'confirmed',
    to: 'failed',
    nowMs,
    releaseSlots: false,
    returnQuota: false,
    due: { kind: 'complete', atMs: nowMs },
    listed: false,
    set: { failureReason: reason ?? 'the provider reported that the service failed' },
    events: [
      outboxEvent(
        reservation,
        'reservation.failed',
        bookerAndFriends(reservation),
        `Show "${reservation.title}" failed; nothing is charged.`,
        nowMs,
      ),
    ],
    withdrawEventIds: [],
  });
  if (failed === undefined) return reportFailure(deps, principal, reservationId, reason, attempt + 1);
  await finishReservation(deps, failed);
  return failed;
};

/**
 * The hold's resolution: completed and cancelled post it, failed voids it. Retries are no-ops
 * (the ledger derives the post/void id from the hold). A hold that is no longer pending is
 * final, not an error to retry forever: expired in the ledger (the completion job was down
 * longer than the hold's margin), or posted / voided by someone else. Whatever did not turn
 * out as intended is returned as the reservation's settlement problem (and logged).
 */
const resolveHold = async (
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
    const problems: Partial<Record<string, SettlementProblem | 'as_intended'>> = post
      ? {
          PENDING_TRANSFER_EXPIRED: 'hold_expired',
          PENDING_TRANSFER_ALREADY_VOIDED: 'hold_already_voided',
          PENDING_TRANSFER_ALREADY_POSTED: 'as_intended',
          PENDING_TRANSFER_NOT_FOUND: 'hold_not_found',
          TRANSFER_NOT_FOUND: 'hold_not_found',
        }
      : {
          PENDING_TRANSFER_EXPIRED: 'as_intended',
          PENDING_TRANSFER_ALREADY_VOIDED: 'as_intended',
          PENDING_TRANSFER_ALREADY_POSTED: 'hold_already_posted',
          PENDING_TRANSFER_NOT_FOUND: 'hold_not_found',
          TRANSFER_NOT_FOUND: 'hold_not_found',
        };
    const problem = problems[error.code];
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

/**
 * Revoke the broadcaster ticket and the active viewers' tickets of a reconfirmed show that
 * was cancelled or failed: each ticket record is marked revoked and appended to the
 * provider's revocation list, and the viewer's seat is released. Idempotent, so a repeat
 * finishes a crashed attempt; at most RESERVATION_VIEWER_REVOCATIONS_PER_STEP_MAX viewers per
 * call, `more` when others are left.
 */
const revokeShowTickets = async (deps: TicketRevocationDeps, reservation: ReservationRecord): Promise<'done' | 'more'> => {
  if (reservation.ticketId === undefined) return 'done';
  const revocationDeps = { ticketStore: deps.tickets.ticketStore, revocations: deps.revocations, clock: deps.clock };
  await revokeTicket(revocationDeps, reservation.ticketId, reservation.providerId, 'cancelled');
  const { viewers, more } = await deps.store.activeViewers(reservation.id, RESERVATION_VIEWER_REVOCATIONS_PER_STEP_MAX);
  const queue = [...viewers];
  const worker = async () => {
    for (let viewer = queue.shift(); viewer !== undefined; viewer = queue.shift()) {
      // Revoked first, then released: a crash in between leaves it active, so a repeat finds it again.
      await revokeTicket(revocationDeps, viewer.ticketId, reservation.providerId, 'cancelled');
      await deps.store.releaseViewer(reservation.id, viewer.ticketId, deps.clock.now());
    }
  };
  await Promise.all(Array.from({ length: RESERVATION_SWEEP_CONCURRENCY }, worker));
  return more ? 'more' : 'done';
};

/**
 * Finish a reservation that reached completed, cancelled or failed: resolve the hold, revoke
 * the tickets of a show that will not run, then take it out of the completion queue
 * (recording a settlement problem if there was one). With viewers left to revoke it stays
 * queued (moved to now, so the completion job's watermark is not held) and the job goes on.
 */
const finishReservation = async (deps: FinishDeps, reservation: ReservationRecord): Promise<'done' | 'more'> => {
  const problem = await resolveHold(deps, reservation);
  if (reservation.status !== 'completed' && (await revokeShowTickets(deps, reservation)) === 'more') {
    await deps.store.postponeDue('complete', reservation.id, deps.clock.now());
    return 'more';
  }
  await deps.store.clearDue(reservation.id, reservation.status, problem);
  return 'done';
};

export type CompletionOutcome = 'completed' | 'settled' | 'more' | 'not_due' | 'nothing_to_do';

/**
 * The completion job's step for one due reservation: a confirmed show whose end plus grace
 * has passed becomes completed and its hold is posted; a cancelled/failed/completed one whose
 * money or ticket step crashed (or has viewers left to revoke) is finished.
 */
export const completeReservation = async (
  deps: Pick<ReservationDeps, 'reservationConfig'> & FinishDeps,
  reservationId: string,
  attempt = 1,
): Promise<CompletionOutcome> => {
  checkAttempt(attempt, reservationId);
  const reservation = await deps.store.getReservation(reservationId);
  if (reservation === undefined) return 'nothing_to_do';
  const nowMs = deps.clock.now();
  if (reservation.status === 'confirmed') {
    if (nowMs < completionDueMs(reservation, deps.reservationConfig)) return 'not_due';
    const completed = await deps.store.transition({
      reservationId,
      from: 'confirmed',
      to: 'completed',
      nowMs,
      releaseSlots: false,
      returnQuota: false,
      due: 'keep',
      listed: false,
      events: [],
      withdrawEventIds: [],
    });
    if (completed === undefined) return completeReservation(deps, reservationId, attempt + 1);
    await finishReservation(deps, completed);
    return 'completed';
  }
  if (reservation.status === 'completed' || reservation.status === 'cancelled' || reservation.status === 'failed') {
    if (reservation.holdTransferId === undefined && reservation.ticketId === undefined) {
      await deps.store.clearDue(reservation.id, reservation.status);
      return 'nothing_to_do';
    }
    return (await finishReservation(deps, reservation)) === 'done' ? 'settled' : 'more';
  }
  return 'nothing_to_do';
};

export interface MetadataPatch {
  readonly title?: string;
  readonly genre?: string | null;
  readonly outline?: string | null;
  readonly detail?: string | null;
  readonly openLevel?: OpenLevel;
  readonly password?: string;
}

/** Fields that define what was booked: changing them means cancelling and booking again. */
export const FIXED_FIELDS = ['channelId', 'startsAt', 'slots', 'endsAt'] as const;

export const refuseFixedFieldChanges = (body: Readonly<Record<string, unknown>>): void => {
  const present = FIXED_FIELDS.filter((field) => body[field] !== undefined);
  if (present.length > 0) {
    throw new DomainError(
      'CHANGE_NOT_ALLOWED',
      `Only the show's metadata can change; to change ${present.join(', ')}, cancel and book again.`,
      present.map((field) => ({ field, message: 'cannot change: cancel and book again' })),
    );
  }
};

/**
 * Change the show's metadata (title, genre, outline, detail, open level, password) of a
 * pending or confirmed reservation, under optimistic concurrency on its version; the friend
 * list hears about it through the outbox in the same write.
 */
export const updateReservation = async (
  deps: Pick<ReservationDeps, 'store' | 'clock'>,
  principal: Principal,
  reservationId: string,
  patch: MetadataPatch,
  attempt = 1,
): Promise<ReservationRecord> => {
  checkAttempt(attempt, reservationId);
  const reservation = await reservationForBooker(deps, principal, reservationId);
  if (reservation.status !== 'pending_reconfirmation' && reservation.status !== 'confirmed') throw notActive(reservation);
  const openLevel = patch.openLevel ?? reservation.openLevel;
  requirePasswordFor(openLevel, patch.password, openLevel !== 'public' && reservation.passwordHash !== undefined);
  const passwordHash =
    openLevel === 'public' ? undefined : patch.password !== undefined ? hashPassword(patch.password) : reservation.passwordHash;
  const pick = (value: string | null | undefined, current: string | undefined) =>
    value === null ? undefined : (value ?? current);
  const metadata: ShowMetadata = {
    title: patch.title ?? reservation.title,
    ...optional('genre', pick(patch.genre, reservation.genre)),
    ...optional('outline', pick(patch.outline, reservation.outline)),
    ...optional('detail', pick(patch.detail, reservation.detail)),
    openLevel,
    ...optional('passwordHash', passwordHash),
  };
  const nowMs = deps.clock.now();
  const updated = await deps.store.updateMetadata({
    reservationId,
    expectedVersion: reservation.version,
    nowMs,
    metadata,
    listed: reservation.status === 'confirmed' && isListed(openLevel),
    events: [
      outboxEvent(
        reservation,
        'reservation.changed',
        bookerAndFriends(reservation),
        `Show "${metadata.title}" on ${iso(reservation.startsAtMs)} changed.`,
        nowMs,
        {
          idParts: [String(reservation.version + 1)],
        },
      ),
    ],
  });
  // Someone changed it meanwhile: apply the patch to the new version.
  if (updated === undefined) return updateReservation(deps, principal, reservationId, patch, attempt + 1);
  return updated;
};

const optional = <Key extends string>(key: Key, value: string | undefined): { [K in Key]?: string } =>
  (value === undefined ? {} : { [key]: value }) as { [K in Key]?: string };

export type { Transition };
