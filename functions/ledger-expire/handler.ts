import { ledger } from '../../shared/adapters/aws/wiring';
import { functionMetrics } from '../../shared/adapters/powertools/metrics';
import { recordSweep } from '../../shared/domain/due/sweep';
import type { Ledger } from '../../shared/domain/ledger/ports';
import { baseDeps, type BaseDeps, type MetricsDeps } from '../../shared/http/base';
import { LEDGER_DUE_SWEEP } from '../../shared/limits';
import { lazyHandler } from '../../shared/http/lazy';

/**
 * The scheduled expiry sweeper: voids (as `expire`) every hold that is due, through the
 * ledger's due-time index. Overlapping runs are safe: each hold is expired exactly once. A
 * due hold it could not expire is logged as an error and counted (LedgerHoldsNotExpired).
 * Posting after a hold's timeout fails whether or not this has run.
 */
export const makeHandler =
  (deps: BaseDeps & MetricsDeps & { readonly ledger: Ledger }) => async (): Promise<{ itemsRead: number; expired: number }> => {
    const result = await deps.ledger.expireDue({ limit: LEDGER_DUE_SWEEP.itemsPerSweepMax });
    recordSweep(deps.metrics, 'ledgerExpire', result);
    deps.metrics.record('ledgerHoldsNotExpired', result.notExpired.length, {});
    for (const holdId of result.notExpired) {
      // Still pending after a refused expire (its derived expire id is taken): its money stays held.
      deps.logger.error('ledger hold could not be expired', { holdId });
    }
    deps.logger.info('ledger expiry sweep', {
      itemsRead: result.itemsRead,
      expired: result.expired.length,
      notExpired: result.notExpired.length,
    });
    return { itemsRead: result.itemsRead, expired: result.expired.length };
  };

export const handler = lazyHandler((env) =>
  makeHandler({ ...baseDeps(env), metrics: functionMetrics(env), ledger: ledger(env) }),
);
