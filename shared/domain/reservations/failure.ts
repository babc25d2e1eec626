import type { Principal } from '../principal';
import { decideUntilSettled, notActive, reservationForProvider } from './access';
import { finishCommitted, type FinishDeps } from './complete';
import { bookerAndFriends, outboxEvent } from './rules';
import type { ReservationRecord } from './types';

/**
 * The provider reports that the service failed: the hold is voided (nothing is charged) and
 * the show's tickets are revoked. Only the channel's provider, only while the show is
 * confirmed (before the completion job posted the hold, i.e. until endsAt + the completion
 * grace). A repeat finishes what a crashed first attempt left.
 *
 * Flow:
 *  1. Failed already (a repeat): finish it (void, revoke, leave the queue) and return it.
 *  2. Conditional transition confirmed → failed (the first of completion, failure and cancel
 *     wins), which unlists the show, puts it in the completion queue at once and writes the
 *     `failed` event. Lost to another change: decide again on the new state.
 *  3. Finish it: void the hold, revoke the tickets, then take it out of the queue. A crash
 *     here is finished by a repeat of the request or by the completion job, and so is what
 *     the request had no time left for under contention (it still answers `failed`).
 */
export const reportFailure = (
  deps: FinishDeps,
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
  deps: FinishDeps,
  reservation: ReservationRecord,
  reason: string | undefined,
): Promise<ReservationRecord | undefined> => {
  if (reservation.status === 'failed') {
    await finishCommitted(deps, reservation);
    return reservation;
  }
  if (reservation.status !== 'confirmed') throw notActive(reservation);
  const nowMs = deps.clock.now();
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
