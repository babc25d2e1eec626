import { ledgerTransfers } from '../../shared/adapters/aws/wiring';
import { reservationFunctionDeps } from '../../shared/adapters/aws/reservations-wiring';
import { functionMetrics } from '../../shared/adapters/powertools/metrics';
import { recordSweep } from '../../shared/domain/due/sweep';
import type { ReservationDeps } from '../../shared/domain/reservations/deps';
import { sweepExpired, type SweepReport } from '../../shared/domain/reservations/sweeps';
import type { BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';

export type ReservationSweepDeps = BaseDeps & Pick<ReservationDeps, 'store' | 'ledger' | 'clock' | 'metrics'>;

/**
 * The periodic expiry sweeper, the safety net behind the one-time schedules: expires every
 * booking whose deadline passed, found through the `due` index (never a scan).
 */
export const makeHandler = (deps: ReservationSweepDeps) => async (): Promise<SweepReport> => {
  const report = await sweepExpired(deps);
  recordSweep(deps.metrics, 'reservationSweep', report);
  deps.logger.info('reservation expiry sweep', { ...report });
  return report;
};

export const handler = lazyHandler((env) =>
  makeHandler({
    ...reservationFunctionDeps(env),
    metrics: functionMetrics(env),
    ledger: ledgerTransfers(env),
  }),
);
