import { timeForAnotherAttempt } from '../../contention';
import { isDomainError } from '../../errors';
import {
  RESERVATION_VIEWER_RELEASE_CONCURRENCY,
  RESERVATION_VIEWER_REVOCATIONS_PER_STEP_MAX,
  REVOCATION_APPEND_BATCH_MAX,
} from '../../limits';
import { decideUntilSettled } from './access';
import type { ReservationDeps, ReservationRecordsDeps } from './deps';
import { resolveHold } from './posting';
import { revokeShowTickets, showEndReason, type ShowTicketRevocationDeps } from './revoke';
import { completionDueMs } from './rules';
import type { ReservationRecord, SettlementNote } from './types';

type TicketRevocationDeps = ReservationRecordsDeps & ShowTicketRevocationDeps;

/** What finishing a reservation (money, tickets, queue) needs. */
export type FinishDeps = Pick<ReservationDeps, 'ledger' | 'logger' | 'metrics'> & TicketRevocationDeps;

/**
 * Revoke the broadcaster ticket and the active viewers' tickets of a reconfirmed show that
 * was cancelled or failed: the tickets are appended to the provider's revocation list
 * together (revokeShowTickets: the list's head moves once per REVOCATION_APPEND_BATCH_MAX
 * tickets, so a show's own revocations do not race each other), then their records are
 * marked revoked, then the viewers' seats are released. Idempotent, so a repeat finishes a
 * crashed attempt; at most RESERVATION_VIEWER_REVOCATIONS_PER_STEP_MAX viewers per call, a
 * batch at a time, and no batch once the request is out of time for another
 * (shared/contention.ts): `more` when others are left.
 */
const VIEWERS_PER_BATCH = REVOCATION_APPEND_BATCH_MAX - 1;

const revokeTicketsOfShow = async (deps: TicketRevocationDeps, reservation: ReservationRecord): Promise<'done' | 'more'> => {
  if (reservation.ticketId === undefined) return 'done';
  const reason = showEndReason(reservation.status);
  const { viewers, more } = await deps.store.activeViewers(reservation.id, RESERVATION_VIEWER_REVOCATIONS_PER_STEP_MAX);
  // The broadcaster goes with the first batch (a repeat finds it listed and revoked: nothing is written),
  // so each batch fits one move of the list's head.
  let broadcaster = [reservation.ticketId];
  for (let start = 0; ; start += VIEWERS_PER_BATCH) {
    const batch = start < viewers.length && timeForAnotherAttempt() ? viewers.slice(start, start + VIEWERS_PER_BATCH) : [];
    if (broadcaster.length + batch.length > 0) {
      // Revoked first, then released: a crash in between leaves them active, so a repeat finds them again.
      await revokeShowTickets(deps, reservation, [...broadcaster, ...batch.map((viewer) => viewer.ticketId)], reason);
      broadcaster = [];
    }
    const queue = [...batch];
    const worker = async () => {
      for (let viewer = queue.shift(); viewer !== undefined; viewer = queue.shift()) {
        await deps.store.releaseViewer(viewer, deps.clock.now());
      }
    };
    await Promise.all(Array.from({ length: RESERVATION_VIEWER_RELEASE_CONCURRENCY }, worker));
    if (batch.length === 0) return more || start < viewers.length ? 'more' : 'done';
  }
};

/**
 * Finish a reservation that reached completed, cancelled or failed: resolve the hold, revoke
 * the tickets of a show that will not run, then take it out of the completion queue
 * (recording a settlement problem or a late capture if there was one: `note`, once recorded).
 * With viewers left to revoke it stays queued (moved to now, so the completion job's watermark
 * is not held) and the job goes on.
 */
export const finishReservation = async (
  deps: FinishDeps,
  reservation: ReservationRecord,
): Promise<{ readonly step: 'done'; readonly note?: SettlementNote } | { readonly step: 'more' }> => {
  const note = await resolveHold(deps, reservation);
  if (reservation.status !== 'completed' && (await revokeTicketsOfShow(deps, reservation)) === 'more') {
    await deps.store.postponeDue('complete', reservation.id, deps.clock.now());
    return { step: 'more' };
  }
  await deps.store.clearDue(reservation.id, reservation.status, note);
  return note === undefined ? { step: 'done' } : { step: 'done', note };
};

/**
 * finishReservation right after the caller's own transition committed it (a cancel, a failure
 * report, or their repeats): the answer must be the committed state, with the settlement note
 * the money step recorded (a cancel whose capture the ledger refused says so at once). A step
 * that stayed contended until the request ran short of time (409 TRANSACTION_CONFLICT) is left
 * to the completion job, which the transition queued at once, and the caller still answers what
 * it committed; any other error is thrown.
 */
export const finishCommitted = async (deps: FinishDeps, reservation: ReservationRecord): Promise<ReservationRecord> => {
  try {
    const finished = await finishReservation(deps, reservation);
    return finished.step === 'done' && finished.note !== undefined ? { ...reservation, ...finished.note } : reservation;
  } catch (error) {
    if (!isDomainError(error) || error.code !== 'TRANSACTION_CONFLICT') throw error;
    deps.logger.warn('reservation finishing left to the completion job', { reservationId: reservation.id, detail: error.detail });
    return reservation;
  }
};

export type CompletionOutcome = 'completed' | 'settled' | 'more' | 'not_due' | 'nothing_to_do';

/**
 * The completion job's step for one due reservation: a confirmed show whose end plus grace
 * has passed becomes completed and its hold is posted; a cancelled/failed/completed one whose
 * money or ticket step crashed (or has viewers left to revoke) is finished.
 */
export const completeReservation = (deps: CompletionDeps, reservationId: string): Promise<CompletionOutcome> =>
  decideUntilSettled(
    reservationId,
    () => deps.store.getReservation(reservationId),
    (reservation) => completeOnce(deps, reservation),
  );

type CompletionDeps = Pick<ReservationDeps, 'reservationConfig'> & FinishDeps;

/** One step on the reservation as read; undefined when the completion lost a race. */
const completeOnce = async (
  deps: CompletionDeps,
  reservation: ReservationRecord | undefined,
): Promise<CompletionOutcome | undefined> => {
  if (reservation === undefined) return 'nothing_to_do';
  const nowMs = deps.clock.now();
  if (reservation.status === 'confirmed') {
    if (nowMs < completionDueMs(reservation, deps.reservationConfig)) return 'not_due';
    const completed = await deps.store.transition({
      reservationId: reservation.id,
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
    if (completed === undefined) return undefined;
    deps.metrics.record('reservationsCompleted', 1, {});
    await finishReservation(deps, completed);
    return 'completed';
  }
  if (reservation.status === 'completed' || reservation.status === 'cancelled' || reservation.status === 'failed') {
    if (reservation.holdTransferId === undefined && reservation.ticketId === undefined) {
      await deps.store.clearDue(reservation.id, reservation.status);
      return 'nothing_to_do';
    }
    return (await finishReservation(deps, reservation)).step === 'done' ? 'settled' : 'more';
  }
  return 'nothing_to_do';
};
