import { allowanceDeps } from '../../shared/adapters/aws/rights-wiring';
import { functionMetrics } from '../../shared/adapters/powertools/metrics';
import { recordSweep } from '../../shared/domain/due/sweep';
import type { AllowanceDeps } from '../../shared/domain/rights/commit';
import { expireReservations } from '../../shared/domain/rights/usage';
import { baseDeps, type BaseDeps, type MetricsDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';

export interface UsageExpirySummary {
  readonly itemsRead: number;
  readonly expired: number;
  readonly bucketsWalked: number;
}

/**
 * The scheduled usage-reservation expiry: seconds that a redeem reserved and whose usage was
 * not reported within KIPPU_USAGE_RESERVATION_SECONDS go back to their ticket, read through the
 * due index, never a scan. Overlapping runs and late reports are safe: exactly one close wins.
 */
export const makeHandler =
  (deps: BaseDeps & MetricsDeps & { readonly allowances: AllowanceDeps }) => async (): Promise<UsageExpirySummary> => {
    const result = await expireReservations(deps.allowances);
    recordSweep(deps.metrics, 'usageExpire', result);
    const summary = { itemsRead: result.itemsRead, expired: result.expired.length, bucketsWalked: result.bucketsWalked };
    deps.logger.info('usage reservation expiry', { ...summary, watermark: new Date(result.watermarkMs).toISOString() });
    return summary;
  };

export const handler = lazyHandler((env) =>
  makeHandler({ ...baseDeps(env), metrics: functionMetrics(env), allowances: allowanceDeps(env) }),
);
