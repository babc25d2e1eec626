import { billedLedgerTransfers } from '../../shared/adapters/aws/billed-ledger';
import { reservationFunctionDeps, ticketRevocation } from '../../shared/adapters/aws/reservations-wiring';
import { functionMetrics } from '../../shared/adapters/powertools/metrics';
import { recordSweep } from '../../shared/domain/due/sweep';
import type { ReservationDeps } from '../../shared/domain/reservations/deps';
import type { FinishDeps } from '../../shared/domain/reservations/complete';
import { sweepCompletions, type SweepReport } from '../../shared/domain/reservations/sweeps';
import type { BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';

export type ReservationCompleteDeps = BaseDeps & Pick<ReservationDeps, 'reservationConfig' | 'store'> & FinishDeps;

/**
 * The periodic completion job: after endsAt + the grace, a confirmed show is completed and
 * its hold posted; cancelled-after-reconfirm and failed shows whose money step did not finish
 * are finished (post / void, tickets revoked). Found through the `due` index.
 */
export const makeHandler = (deps: ReservationCompleteDeps) => async (): Promise<SweepReport> => {
  const report = await sweepCompletions(deps);
  recordSweep(deps.metrics, 'reservationComplete', report);
  deps.logger.info('reservation completion sweep', { ...report });
  return report;
};

export const handler = lazyHandler((env) =>
  makeHandler({
    ...reservationFunctionDeps(env),
    metrics: functionMetrics(env),
    ...ticketRevocation(env),
    ledger: billedLedgerTransfers(env),
  }),
);
