import { ledger } from '../../shared/adapters/aws/wiring';
import { functionMetrics } from '../../shared/adapters/powertools/metrics';
import { recordSweep } from '../../shared/domain/due/sweep';
import type { Ledger } from '../../shared/domain/ledger/ports';
import { baseDeps, type BaseDeps, type MetricsDeps } from '../../shared/http/base';
import { LEDGER_DUE_SWEEP } from '../../shared/limits';
import { lazyHandler } from '../../shared/http/lazy';

/**
 * The scheduled expiry sweeper: voids (as `expire`) every hold that is due, through the
 * ledger's due-time index. Overlapping runs are safe: each hold is expired exactly once.
 * Posting after a hold's timeout fails whether or not this has run.
 */
export const makeHandler =
  (deps: BaseDeps & MetricsDeps & { readonly ledger: Ledger }) => async (): Promise<{ itemsRead: number; expired: number }> => {
    const result = await deps.ledger.expireDue({ limit: LEDGER_DUE_SWEEP.itemsPerSweepMax });
    recordSweep(deps.metrics, 'ledgerExpire', result);
    deps.logger.info('ledger expiry sweep', { itemsRead: result.itemsRead, expired: result.expired.length });
    return { itemsRead: result.itemsRead, expired: result.expired.length };
  };

export const handler = lazyHandler(() =>
  makeHandler({ ...baseDeps(process.env), metrics: functionMetrics(process.env), ledger: ledger(process.env) }),
);
