import { RESERVATION_DUE_RETRY_SECONDS, RESERVATION_SWEEP_CONCURRENCY, RESERVATION_SWEEP_LIMIT_MAX } from '../../limits';
import { errorFields } from '../../logger';
import type { ReservationDeps } from './deps';
import { completeReservation, expireReservation, type FinishDeps } from './lifecycle';
import type { DueKind } from './types';

/**
 * The periodic jobs. Each reads what is due from the sparse `due` index (never live items
 * that are not due), and handles each item with the same idempotent step the event-driven
 * path uses, so overlapping runs and the one-time schedules never double an effect.
 */
export interface SweepReport {
  readonly itemsRead: number;
  readonly found: number;
  readonly done: number;
  readonly failed: number;
}

const runAll = async (
  deps: Pick<ReservationDeps, 'store' | 'clock' | 'logger'>,
  kind: DueKind,
  step: (id: string) => Promise<boolean>,
): Promise<SweepReport> => {
  const due = await deps.store.findDue(kind, deps.clock.now(), RESERVATION_SWEEP_LIMIT_MAX);
  let done = 0;
  let failed = 0;
  const queue = [...due.ids];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      try {
        if (await step(id)) done += 1;
      } catch (error) {
        // One bad item must not stop the others. It stays due, moved into a newer bucket, so
        // that it is retried later without holding the sweep's watermark at its old bucket.
        failed += 1;
        deps.logger.error(`reservation ${kind} step failed`, { id, ...errorFields(error) });
        try {
          await deps.store.postponeDue(kind, id, deps.clock.now() + RESERVATION_DUE_RETRY_SECONDS * 1000);
        } catch (postponeError) {
          deps.logger.error(`reservation ${kind} step not postponed`, { id, ...errorFields(postponeError) });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: RESERVATION_SWEEP_CONCURRENCY }, worker));
  return { itemsRead: due.itemsRead, found: due.ids.length, done, failed };
};

/** The expiry sweeper: the safety net behind the one-time schedules. */
export const sweepExpired = (deps: Pick<ReservationDeps, 'store' | 'ledger' | 'clock' | 'logger'>) =>
  runAll(deps, 'expire', async (id) => (await expireReservation(deps, id)) === 'expired');

/** The completion job: posts the holds of shows that ran, finishes cancelled/failed money steps. */
export const sweepCompletions = (deps: Pick<ReservationDeps, 'reservationConfig'> & FinishDeps) =>
  runAll(deps, 'complete', async (id) => {
    const outcome = await completeReservation(deps, id);
    return outcome === 'completed' || outcome === 'settled';
  });

/** The outbox relay: hands due notifications to the notifier, then marks them delivered (at least once). */
export const relayOutbox = (deps: Pick<ReservationDeps, 'store' | 'notifier' | 'clock' | 'logger'>) =>
  runAll(deps, 'outbox', async (id) => {
    const event = await deps.store.getEvent(id);
    if (event === undefined) return false;
    await deps.notifier.deliver(event);
    return deps.store.markDelivered(id, deps.clock.now());
  });
