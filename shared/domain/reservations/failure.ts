import type { Principal } from '../principal';
import { decideUntilSettled, notActive, reservationForProvider } from './access';
import { finishCommitted, type FinishDeps } from './complete';
import { DomainError, quoted } from '../../errors';
import type { ReservationDeps } from './deps';
import { bookerAndFriends, completionDueMs, iso, outboxEvent } from './rules';
import type { ReservationRecord } from './types';

/** The deadline for a failure report passed: the show completes (whether or not the completion job has run yet). */
const reportWindowClosed = (reservation: ReservationRecord, dueMs: number) =>
  new DomainError(
    'SHOW_ENDED',
    `Reservation ${quoted(reservation.id)}'s show ended at ${iso(reservation.endsAtMs)}; a failure could be reported until ${iso(dueMs)}, and the show completes.`,
  );

/**
 * The provider reports that the service failed: the hold is voided (nothing is charged) and
 * the show's tickets are revoked. Only the channel's provider (or an operator), only while
 * the show is confirmed and before its deadline `endsAt + completion grace`, the instant the
 * completion job posts the hold: from then on 409 SHOW_ENDED, whether or not the completion
 * job has run yet, so a report's acceptance never depends on the job's timing. A repeat
 * finishes what a crashed first attempt left.
 *
 * Flow:
 *  1. Failed already (a repeat): finish it (void, revoke, leave the queue) and return it.
 *  1a. Confirmed or completed at or after `endsAt + grace`: 409 SHOW_ENDED (the completion
 *      decides), the same answer before and after the completion job ran. Any other status
 *      (cancelled, expired, pending): 409 RESERVATION_NOT_ACTIVE.
 *  2. Conditional transition confirmed → failed (the first of completion, failure and cancel
 *     wins), which unlists the show, puts it in the completion queue at once and writes the
 *     `failed` event. Lost to another change: decide again on the new state.
 *  3. Finish it: void the hold, revoke the tickets, then take it out of the queue. A crash
 *     here is finished by a repeat of the request or by the completion job, and so is what
 *     the request had no time left for under contention (it still answers `failed`).
 */
export type FailureDeps = FinishDeps & Pick<ReservationDeps, 'reservationConfig'>;

export const reportFailure = (
  deps: FailureDeps,
  principal: Principal,
  reservationId: string,
  reason: string | undefined,
): Promise<ReservationRecord> =>
  decideUntilSettled(
    reservationId,
    () => reservationForProvider(deps, principal, reservationId),
    (reservation) => failOnce(deps, reservation, reason),
  );

/** Steps 1–3 on the reservation as read; undefined when the transition lost a race. */
const failOnce = async (
  deps: FailureDeps,
  reservation: ReservationRecord,
  reason: string | undefined,
): Promise<ReservationRecord | undefined> => {
  if (reservation.status === 'failed') {
    await finishCommitted(deps, reservation);
    return reservation;
  }
  const nowMs = deps.clock.now();
  const dueMs = completionDueMs(reservation, deps.reservationConfig);
  // The clock decides, not the job: a show the job completed is past the deadline like one it has not reached yet.
  if ((reservation.status === 'confirmed' || reservation.status === 'completed') && nowMs >= dueMs) {
    throw reportWindowClosed(reservation, dueMs);
  }
  if (reservation.status !== 'confirmed') throw notActive(reservation);
  const failed = await deps.store.transition({
    reservationId: reservation.id,
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
  if (failed === undefined) return undefined;
  await finishCommitted(deps, failed);
  return failed;
};
