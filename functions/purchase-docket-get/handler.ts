import { docketReadDeps, pseudonymStore, purchaseStore } from '../../shared/adapters/aws/purchases-wiring';
import { servedDocket } from '../../shared/domain/purchases/docket';
import { servedRefundDocket, type RefundDocketReadDeps } from '../../shared/domain/purchases/refund-docket';
import { authorizeDocketRead } from '../../shared/domain/purchases/purchase';
import type { PurchaseStore } from '../../shared/domain/purchases/ports';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { operationOf, pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';

export type PurchaseDocketGetDeps = BaseDeps & {
  readonly purchases: PurchaseStore;
  /** What serving a docket or a refund docket needs but the purchases. */
  readonly dockets: Omit<RefundDocketReadDeps, 'purchases'>;
};

/**
 * GET /v1/purchases/{id}/docket: the signed settlement docket, and GET
 * /v1/purchases/{id}/refund-docket: the signed reversal of a refunded one, each for whoever
 * may read the purchase and the purchase's carrier agent (the parties the docket's `aud`
 * names, and operators); signed again by the current root key, once, when its key is about to
 * leave the JWK Set or is not listed with enough life left (servedDocket, servedRefundDocket).
 */
export const makeHandler = (deps: PurchaseDocketGetDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer', 'provider', 'agent', 'operator');
    const purchaseId = pathParameter(event, 'id');
    const purchase = authorizeDocketRead(principal, await deps.purchases.get(purchaseId), purchaseId);
    const readDeps = { ...deps.dockets, purchases: deps.purchases };
    if (operationOf(event) === 'purchaseRefundDocketGet') return json(200, await servedRefundDocket(readDeps, purchase));
    return json(200, await servedDocket(readDeps, purchase));
  });

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  return makeHandler({
    ...base,
    purchases: purchaseStore(env),
    dockets: { ...docketReadDeps(env, base.config), issuer: base.config.issuer, pseudonyms: pseudonymStore(env) },
  });
});
