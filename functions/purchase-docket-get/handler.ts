import { purchaseStore } from '../../shared/adapters/aws/purchases-wiring';
import { authorizeDocketRead, purchaseDocket } from '../../shared/domain/purchases/purchase';
import type { PurchaseStore } from '../../shared/domain/purchases/ports';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';

export type PurchaseDocketGetDeps = BaseDeps & { readonly purchases: PurchaseStore };

/** GET /v1/purchases/{id}/docket: the signed settlement docket, for whoever may read the purchase and the purchase's carrier agent. */
export const makeHandler = (deps: PurchaseDocketGetDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer', 'provider', 'agent', 'operator');
    const purchaseId = pathParameter(event, 'id');
    return json(200, purchaseDocket(authorizeDocketRead(principal, await deps.purchases.get(purchaseId), purchaseId)));
  });

export const handler = lazyHandler(() => makeHandler({ ...baseDeps(process.env), purchases: purchaseStore(process.env) }));
