import { purchaseStore } from '../../shared/adapters/aws/purchases-wiring';
import { authorizePurchaseRead, purchaseView } from '../../shared/domain/purchases/purchase';
import type { PurchaseStore } from '../../shared/domain/purchases/ports';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';

export type PurchaseGetDeps = BaseDeps & { readonly purchases: PurchaseStore };

export const makeHandler = (deps: PurchaseGetDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer', 'provider', 'operator');
    const purchaseId = pathParameter(event, 'id');
    const purchase = authorizePurchaseRead(principal, await deps.purchases.get(purchaseId), purchaseId);
    return json(200, purchaseView(principal, purchase));
  });

export const handler = lazyHandler(() => makeHandler({ ...baseDeps(process.env), purchases: purchaseStore(process.env) }));
