import { kmsListCursorKey } from '../../shared/adapters/aws/list-cursor-key-kms';
import { docketReadDeps, purchaseStore } from '../../shared/adapters/aws/purchases-wiring';
import { partyStore } from '../../shared/adapters/aws/wiring';
import { PurchaseListQuery } from '../../shared/api/purchases';
import { listOwned, type OwnedListDeps } from '../../shared/domain/owned';
import { authorizePurchaseRead, purchaseView } from '../../shared/domain/purchases/purchase';
import type { DocketReadDeps } from '../../shared/domain/purchases/docket';
import type { PurchaseStore } from '../../shared/domain/purchases/ports';
import { servedPurchase, servedPurchases } from '../../shared/domain/purchases/served';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { listPage, type ListDeps } from '../../shared/http/list';
import { apiHandler } from '../../shared/http/middleware';
import { operationOf, parseQuery, pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';

export type PurchaseGetDeps = BaseDeps &
  ListDeps &
  OwnedListDeps & {
    readonly purchases: PurchaseStore;
    /** What serving a purchase's docket needs but the purchases (servedPurchases). */
    readonly dockets: Omit<DocketReadDeps, 'purchases'>;
  };

/**
 * GET /v1/purchases/{id} (its customer, the provider of its offer, operators; anyone else
 * gets 404) and GET /v1/purchases (a customer's own, newest first; an operator names the
 * customer, a registered one): the same reads of the same store, one function. A settled
 * purchase carries its docket as GET /v1/purchases/{id}/docket serves it (servedPurchases).
 */
export const makeHandler = (deps: PurchaseGetDeps) =>
  apiHandler(deps, async (event) => {
    const dockets = { ...deps.dockets, purchases: deps.purchases };
    if (operationOf(event) === 'purchaseList') {
      const principal = requireRole(event, 'customer', 'operator');
      const request = parseQuery(PurchaseListQuery, event);
      const page = await listPage(deps, event, principal, (position) =>
        listOwned(
          deps,
          principal,
          { ...request, cursor: position },
          async (query) => {
            const found = await deps.purchases.listByCustomer(query);
            return { ...found, items: await servedPurchases(dockets, found.items) };
          },
          (purchase) => purchaseView(principal, purchase),
        ),
      );
      return json(200, page);
    }
    const principal = requireRole(event, 'customer', 'provider', 'operator');
    const purchaseId = pathParameter(event, 'id');
    const purchase = authorizePurchaseRead(principal, await deps.purchases.get(purchaseId), purchaseId);
    return json(200, purchaseView(principal, await servedPurchase(dockets, purchase)));
  });

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  return makeHandler({
    ...base,
    purchases: purchaseStore(env),
    dockets: docketReadDeps(env, base.config),
    parties: partyStore(env),
    listCursors: kmsListCursorKey(env),
  });
});
