import type { Principal } from '../principal';
import { decideAsBooker, expiredError, notActive, showEnded } from './access';
import { finishCommitted, type FinishDeps } from './complete';
import type { ReservationDeps } from './deps';
import { withdrawExpirySchedule } from './expire';
import { voidHoldQuietly } from './hold';
import type { Transition } from './ports';
import { bookerAndFriends, iso, outboxEvent, reminderEventIdOf } from './rules';
import type { ReservationRecord } from './types';

type CancelDeps = Pick<ReservationDeps, 'scheduler'> & FinishDeps;

/** What every cancellation writes: the slots freed, unlisted, the `cancelled` event, the reminder withdrawn. */
const cancellation = (reservation: ReservationRecord, nowMs: number) =>
  ({
    reservationId: reservation.id,
    to: 'cancelled',
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
  }) as const satisfies Partial<Transition>;

/**
 * Cancel. Before reconfirmation it costs nothing (slots and quota are given back) and a hold
 * a crashed reconfirm may have left is voided. After it the fee is captured: the transition
 * frees the slots (the quota stays used) and puts the reservation in the completion queue at
 * once; then the hold is posted and the broadcaster and viewer tickets are revoked (the slots
 * are someone else's now). If that crashes, a retry of the cancel or the completion job
 * finishes it; if it runs short of time (contention), the answer is the cancellation and the
 * completion job finishes it.
 *
 * Flow:
 *  1. Cancelled already (a repeat): finish what a crashed first attempt may have left (every
 *     step is idempotent) and return it. Expired, or pending past its deadline: 409
 *     RESERVATION_EXPIRED. Completed (the job ran after the show's end): 409 SHOW_ENDED, as
 *     before the job ran (step 3), so the answer is the clock's, not the job's. Failed: 409
 *     RESERVATION_NOT_ACTIVE.
 *  2. Pending: conditional transition pending → cancelled before the deadline, giving the
 *     quota back and leaving the due index; then void a leftover hold and delete the expiry
 *     schedule (both best effort and repeatable).
 *  3. Confirmed: conditional transition confirmed → cancelled, into the completion queue at
 *     now; then post the hold and revoke the tickets (finishReservation). A running show can
 *     be cancelled (the fee is captured, as after any reconfirmation); one that has ended
 *     cannot (409 SHOW_ENDED): how it went is the completion job's and the provider's failure
 *     report's to decide. A capture the ledger refuses at the stated bound does not refuse the
 *     cancel: the slots are freed, the hold is voided and the answer carries
 *     `settlementProblem: balance_overflow` (posting.ts).
 * A transition that lost a race decides again on the new state.
 */
export const cancelReservation = (deps: CancelDeps, principal: Principal, reservationId: string): Promise<ReservationRecord> =>
  decideAsBooker(deps, principal, reservationId, (reservation) => cancelOnce(deps, reservation));

/** Steps 1–3 on the reservation as read; undefined when its transition lost a race. */
const cancelOnce = async (deps: CancelDeps, reservation: ReservationRecord): Promise<ReservationRecord | undefined> => {
  const nowMs = deps.clock.now();
  if (reservation.status === 'cancelled') {
    return reservation.ticketId === undefined ? reservation : finishCommitted(deps, reservation);
  }
  if (reservation.status === 'pending_reconfirmation') {
    if (nowMs >= reservation.reconfirmByMs) throw expiredError(reservation);
    return cancelPending(deps, reservation, nowMs);
  }
  if (reservation.status === 'confirmed') {
    if (nowMs >= reservation.endsAtMs) throw showEnded(reservation);
    const cancelled = await deps.store.transition({
      ...cancellation(reservation, nowMs),
      from: 'confirmed',
      returnQuota: false,
      due: { kind: 'complete', atMs: nowMs },
    });
    if (cancelled === undefined) return undefined;
    return finishCommitted(deps, cancelled);
  }
  if (reservation.status === 'expired') throw expiredError(reservation);
  // Completed by the job (at endsAt + grace at the earliest): ended, as it was before the job ran.
  if (reservation.status === 'completed' && nowMs >= reservation.endsAtMs) throw showEnded(reservation);
  throw notActive(reservation);
};

/** Step 2: before reconfirmation nothing is charged; undefined when the transition lost a race. */
const cancelPending = async (
  deps: CancelDeps,
  reservation: ReservationRecord,
  nowMs: number,
): Promise<ReservationRecord | undefined> => {
  const cancelled = await deps.store.transition({
    ...cancellation(reservation, nowMs),
    from: 'pending_reconfirmation',
    deadline: 'before',
    returnQuota: true,
    due: 'remove',
  });
  if (cancelled === undefined) return undefined;
  // A reconfirm that crashed after placing its hold left it behind: release it.
  await voidHoldQuietly(deps, reservation.id, 'reservation cancelled before reconfirmation');
  await withdrawExpirySchedule(deps, reservation.id);
  return cancelled;
};
