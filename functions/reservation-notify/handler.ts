import { logNotifier, reservationFunctionDeps } from '../../shared/adapters/aws/reservations-wiring';
import { functionMetrics } from '../../shared/adapters/powertools/metrics';
import { recordSweep } from '../../shared/domain/due/sweep';
import type { ReservationDeps } from '../../shared/domain/reservations/deps';
import { relayOutbox, type SweepReport } from '../../shared/domain/reservations/sweeps';
import type { BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';

export type ReservationNotifyDeps = BaseDeps & Pick<ReservationDeps, 'store' | 'notifier' | 'clock' | 'metrics'>;

/**
 * The outbox relay: delivers due notifications (booking id, reminders, confirmations,
 * changes, cancellations, expiries) and marks them delivered. Delivery is at least once;
 * the event id lets a receiver drop repeats. Delivery here is a structured log line.
 */
export const makeHandler = (deps: ReservationNotifyDeps) => async (): Promise<SweepReport> => {
  const report = await relayOutbox(deps);
  recordSweep(deps.metrics, 'reservationNotify', report);
  if (report.found > 0) deps.logger.info('reservation outbox relay', { ...report });
  return report;
};

export const handler = lazyHandler((env) => {
  const deps = reservationFunctionDeps(env);
  return makeHandler({ ...deps, metrics: functionMetrics(env), notifier: logNotifier(deps.logger) });
});
