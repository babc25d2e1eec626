import { kmsListCursorKey } from '../../shared/adapters/aws/list-cursor-key-kms';
import { purchaseStore } from '../../shared/adapters/aws/purchases-wiring';
import { partyStore } from '../../shared/adapters/aws/wiring';
import { PurchaseListQuery } from '../../shared/api/purchases';
import { listOwned, type OwnedListDeps } from '../../shared/domain/owned';
import { authorizePurchaseRead, purchaseView } from '../../shared/domain/purchases/purchase';
import type { PurchaseStore } from '../../shared/domain/purchases/ports';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { listPage, type ListDeps } from '../../shared/http/list';
import { apiHandler } from '../../shared/http/middleware';
import { operationOf, parseQuery, pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';

export type PurchaseGetDeps = BaseDeps & ListDeps & OwnedListDeps & { readonly purchases: PurchaseStore };

/**
 * GET /v1/purchases/{id} (its customer, the provider of its offer, operators; anyone else
 * gets 404) and GET /v1/purchases (a customer's own, newest first; an operator names the
 * customer, a registered one): the same reads of the same store, one function.
 */
export const makeHandler = (deps: PurchaseGetDeps) =>
  apiHandler(deps, async (event) => {
    if (operationOf(event) === 'purchaseList') {
      const principal = requireRole(event, 'customer', 'operator');
      const request = parseQuery(PurchaseListQuery, event);
      const page = await listPage(deps, event, principal, (position) =>
        listOwned(
          deps,
          principal,
          { ...request, cursor: position },
          (query) => deps.purchases.listByCustomer(query),
          (purchase) => purchaseView(principal, purchase),
        ),
      );
      return json(200, page);
    }
    const principal = requireRole(event, 'customer', 'provider', 'operator');
    const purchaseId = pathParameter(event, 'id');
    const purchase = authorizePurchaseRead(principal, await deps.purchases.get(purchaseId), purchaseId);
    return json(200, purchaseView(principal, purchase));
  });

export const handler = lazyHandler((env) =>
  makeHandler({
    ...baseDeps(env),
    purchases: purchaseStore(env),
    parties: partyStore(env),
    listCursors: kmsListCursorKey(env),
  }),
);
