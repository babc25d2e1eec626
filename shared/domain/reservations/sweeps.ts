import { isDomainError } from '../../errors';
import { RESERVATION_DUE_CONTENDED_RETRY_SECONDS, RESERVATION_DUE_RETRY_SECONDS, RESERVATION_DUE_SWEEP } from '../../limits';
import { errorFields } from '../../logger';
import { sweepDue } from '../due/sweep';
import { completeReservation, type FinishDeps } from './complete';
import type { ReservationDeps } from './deps';
import { expireReservation } from './expire';
import type { DueKind } from './types';

export { RESERVATION_DUE_SWEEP };

/**
 * The periodic jobs. Each reads what is due from the sparse `due` index of its kind with the
 * due-index sweeper (shared/domain/due/sweep.ts: never live items that are not due), and
 * handles each item with the same idempotent step the event-driven path uses, so
 * overlapping runs and the one-time schedules never double an effect.
 */
export interface SweepReport {
  readonly itemsRead: number;
  readonly found: number;
  readonly done: number;
  readonly failed: number;
  /** The run stopped at a limit with due items still waiting (DueSweepReport.behind). */
  readonly behind: boolean;
}

const runAll = async (
  deps: Pick<ReservationDeps, 'store' | 'clock' | 'logger'>,
  kind: DueKind,
  step: (id: string) => Promise<boolean>,
): Promise<SweepReport> => {
  const report = await sweepDue({
    index: deps.store.dueIndex(kind),
    limits: RESERVATION_DUE_SWEEP,
    upToMs: deps.clock.now(),
    step: async ({ id }) => {
      // Every item holds its bucket for this run: the watermark passes the bucket once a
      // later run finds it empty (a finished item has left the index, a failed one was moved).
      try {
        return { done: await step(id), failed: false, staysDue: true };
      } catch (error) {
        // One bad item must not stop the others. It stays due, moved into a newer bucket, so
        // that it is retried later without holding the sweep's watermark at its old bucket:
        // a step that lost races (a contended revocation list) at the next run, anything else
        // RESERVATION_DUE_RETRY_SECONDS later.
        const contended = isDomainError(error) && error.code === 'TRANSACTION_CONFLICT';
        const retrySeconds = contended ? RESERVATION_DUE_CONTENDED_RETRY_SECONDS : RESERVATION_DUE_RETRY_SECONDS;
        if (contended)
          deps.logger.warn(`reservation ${kind} step contended, retried at the next run`, { id, ...errorFields(error) });
        else deps.logger.error(`reservation ${kind} step failed`, { id, ...errorFields(error) });
        try {
          await deps.store.postponeDue(kind, id, deps.clock.now() + retrySeconds * 1000);
        } catch (postponeError) {
          deps.logger.error(`reservation ${kind} step not postponed`, { id, ...errorFields(postponeError) });
        }
        return { done: false, failed: true, staysDue: true };
      }
    },
  });
  const results = report.handled.map(({ result }) => result);
  return {
    itemsRead: report.itemsRead,
    found: results.length,
    done: results.filter((result) => result.done).length,
    failed: results.filter((result) => result.failed).length,
    behind: report.behind,
  };
};

/** The expiry sweeper: the safety net behind the one-time schedules. */
export const sweepExpired = (deps: Pick<ReservationDeps, 'store' | 'ledger' | 'clock' | 'logger' | 'metrics'>) =>
  runAll(deps, 'expire', async (id) => (await expireReservation(deps, id)) === 'expired');

/** The completion job: posts the holds of shows that ran, finishes cancelled/failed money steps. */
export const sweepCompletions = (deps: Pick<ReservationDeps, 'reservationConfig' | 'store'> & FinishDeps) =>
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
