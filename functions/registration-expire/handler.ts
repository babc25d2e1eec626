import { expiryDeps } from '../../shared/adapters/aws/identity-wiring';
import { functionMetrics } from '../../shared/adapters/powertools/metrics';
import { recordSweep } from '../../shared/domain/due/sweep';
import { expireRegistrations, type RegistrationExpiryDeps } from '../../shared/domain/identity/expiry';
import { baseDeps, type BaseDeps, type MetricsDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';

export interface RegistrationExpirySummary {
  readonly itemsRead: number;
  readonly expired: number;
  readonly bucketsWalked: number;
}

/**
 * The scheduled registration expiry: provisional registrations whose time ran out are
 * expired (sealed password removed, address released), read through the due index, never a
 * scan. Overlapping runs are safe.
 */
export const makeHandler =
  (deps: BaseDeps & MetricsDeps & RegistrationExpiryDeps) => async (): Promise<RegistrationExpirySummary> => {
    const result = await expireRegistrations(deps);
    recordSweep(deps.metrics, 'registrationExpire', result);
    const summary = { itemsRead: result.itemsRead, expired: result.expired.length, bucketsWalked: result.bucketsWalked };
    deps.logger.info('registration expiry', { ...summary, watermark: new Date(result.watermarkMs).toISOString() });
    return summary;
  };

export const handler = lazyHandler((env) => makeHandler({ ...baseDeps(env), metrics: functionMetrics(env), ...expiryDeps(env) }));
