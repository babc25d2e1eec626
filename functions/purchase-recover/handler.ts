import { recoveryDeps } from '../../shared/adapters/aws/purchases-wiring';
import { functionMetrics } from '../../shared/adapters/powertools/metrics';
import { recordSweep } from '../../shared/domain/due/sweep';
import { recoverStrandedPurchases, type RecoveryDeps } from '../../shared/domain/purchases/recover';
import { baseDeps, type BaseDeps, type MetricsDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';

export interface RecoverySummary {
  readonly itemsRead: number;
  readonly enqueued: number;
  readonly awaitingOperator: number;
  readonly ticketsIssued: number;
  readonly bucketsWalked: number;
}

/**
 * The scheduled settlement recovery: sends the settlement message again for purchases
 * still `authorized` past the grace (their purchase request crashed before enqueueing it),
 * found through their pending holds in the ledger's due index, never a scan. Overlapping
 * runs are safe: a duplicate message is harmless to the idempotent worker, which settles or
 * rejects each purchase once.
 */
export const makeHandler = (deps: BaseDeps & MetricsDeps & RecoveryDeps) => async (): Promise<RecoverySummary> => {
  const result = await recoverStrandedPurchases(deps);
  recordSweep(deps.metrics, 'purchaseRecover', result);
  deps.metrics.record('oldestAuthorizedPurchaseAge', result.oldestAuthorizedAgeSeconds, {});
  // Every run, 0 included: the alarm on it (docs/operations.md) sees the sweep run.
  deps.metrics.record('purchaseTicketUnissuable', result.ticketsRefused.length, {});
  const summary = {
    itemsRead: result.itemsRead,
    enqueued: result.enqueued.length,
    awaitingOperator: result.awaitingOperator.length,
    ticketsIssued: result.ticketsIssued.length,
    bucketsWalked: result.bucketsWalked,
  };
  deps.logger.info('purchase settlement recovery', { ...summary, watermark: new Date(result.watermarkMs).toISOString() });
  // Every stranded purchase is an anomaly worth naming (a crashed request, or a worker that is behind).
  if (result.enqueued.length > 0) deps.logger.warn('settlement re-enqueued', { purchaseIds: result.enqueued });
  // A purchase request that crashed before storing its ticket: the ticket it would have issued is issued now.
  if (result.ticketsIssued.length > 0) deps.logger.warn('missing purchase tickets issued', { purchaseIds: result.ticketsIssued });
  // Not sent: nothing settles it, its hold expires and nothing is charged; an operator should
  // know (PurchaseTicketUnissuable, alarmed).
  if (result.ticketsRefused.length > 0)
    deps.logger.error('missing purchase tickets refused', { purchases: result.ticketsRefused });
  if (result.awaitingOperator.length > 0) {
    deps.logger.warn('stranded purchases flagged for attention', { purchaseIds: result.awaitingOperator });
  }
  return summary;
};

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  return makeHandler({ ...base, metrics: functionMetrics(env), ...recoveryDeps(env, base.config) });
});
