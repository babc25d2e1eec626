import { errorFields } from '../../logger';
import type { ReservationDeps, ReservationRecordsDeps } from './deps';
import { voidHoldQuietly } from './hold';
import { bookerAndFriends, outboxEvent, reminderEventIdOf } from './rules';
import type { ReservationRecord } from './types';

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
  deps: ReservationRecordsDeps & Pick<ReservationDeps, 'ledger' | 'clock' | 'logger' | 'metrics'>,
  reservationId: string,
): Promise<ExpiryOutcome> => {
  const reservation = await deps.store.getReservation(reservationId);
  if (reservation === undefined) return 'not_found';
  if (reservation.status === 'expired') {
    await voidHoldQuietly(deps, reservationId, 'reservation expired (repeat)');
    await deps.store.clearDue(reservationId, 'expired');
    return 'not_pending';
  }
  const outcome = await expireTransition(deps, reservation);
  if (outcome !== 'expired') return outcome;
  // A reconfirm that crashed after placing its hold left it behind: release it, then leave the queue.
  await voidHoldQuietly(deps, reservationId, 'reservation expired');
  await deps.store.clearDue(reservationId, 'expired');
  // The schedule is left alone: it is due now, so it fires (a no-op if a sweep was first) and
  // EventBridge deletes it after the run (ActionAfterCompletion DELETE). Deleting it here would
  // race with its own firing.
  return 'expired';
};

/**
 * The expiry's transition alone, exactly once: `pending_reconfirmation` → `expired` under the
 * condition `status = pending AND reconfirmBy <= now`, freeing the slots, giving back the quota
 * and writing the event in the same transaction. The reservation stays in the expiry queue
 * (`due: keep`): the schedule or the sweeper that finds it `expired` then voids a hold a
 * crashed reconfirm may have left and takes it out of the queue (expireReservation). A
 * booking that meets slots held by a booking past its deadline calls this alone (it is not
 * granted the ledger).
 */
export const expireTransition = async (
  deps: ReservationRecordsDeps & Pick<ReservationDeps, 'clock' | 'metrics'>,
  reservation: ReservationRecord,
): Promise<Exclude<ExpiryOutcome, 'not_found'>> => {
  if (reservation.status !== 'pending_reconfirmation') return 'not_pending';
  const nowMs = deps.clock.now();
  if (nowMs < reservation.reconfirmByMs) return 'not_due';
  const reservationId = reservation.id;
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
  deps.metrics.record('reservationsExpired', 1, {});
  return 'expired';
};

/**
 * Delete a booking's one-time expiry schedule once it can no longer expire (reconfirmed or
 * cancelled). Best effort: a schedule left behind fires later and finds nothing to do.
 */
export const withdrawExpirySchedule = async (
  deps: Pick<ReservationDeps, 'scheduler' | 'logger'>,
  reservationId: string,
): Promise<void> => {
  try {
    await deps.scheduler.cancelExpiry(reservationId);
  } catch (error) {
    deps.logger.warn('expiry schedule not deleted', { reservationId, ...errorFields(error) });
  }
};
