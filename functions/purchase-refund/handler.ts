import { PurchaseRefundRequest } from '../../shared/api/purchases';
import { idempotencyDeps } from '../../shared/adapters/aws/wiring';
import { docketReadDeps, refundDeps } from '../../shared/adapters/aws/purchases-wiring';
import { type ApiIdempotencyDeps, respondIdempotently } from '../../shared/http/idempotent';
import type { DocketReadDeps } from '../../shared/domain/purchases/docket';
import { purchaseView } from '../../shared/domain/purchases/purchase';
import { servedPurchase } from '../../shared/domain/purchases/served';
import { refundPurchase, type RefundDeps } from '../../shared/domain/purchases/refund';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { idempotencyKey, parseJsonBody, pathParameter } from '../../shared/http/request';
import { replayServingDocket } from '../../shared/http/purchase-replay';
import { json } from '../../shared/http/response';

export type PurchaseRefundDeps = BaseDeps &
  ApiIdempotencyDeps & {
    readonly refunds: RefundDeps;
    /** What serving the refunded purchase's docket needs but the purchases (servedPurchase). */
    readonly dockets: Omit<DocketReadDeps, 'purchases'>;
  };

export const makeHandler = (deps: PurchaseRefundDeps) =>
  apiHandler(deps, async (event) => {
    // Customers are let through to the domain check so that another customer's purchase is a 404, one's own a 403.
    const principal = requireRole(event, 'provider', 'operator', 'customer');
    const purchaseId = pathParameter(event, 'id');
    const request = parseJsonBody(PurchaseRefundRequest, event);
    const key = idempotencyKey(event, false);
    const dockets = { ...deps.dockets, purchases: deps.refunds.purchases };
    return respondIdempotently(
      deps,
      event,
      principal,
      key,
      request,
      async () =>
        json(
          200,
          purchaseView(principal, await servedPurchase(dockets, await refundPurchase(deps.refunds, principal, purchaseId))),
        ),
      // A replay serves the purchase's docket as a GET does, not as it was stored.
      { servedOnReplay: replayServingDocket(dockets) },
    );
  });

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  return makeHandler({
    ...base,
    ...idempotencyDeps(env, base.config),
    refunds: refundDeps(env, base.config),
    dockets: docketReadDeps(env, base.config),
  });
});
