import { idempotencyDeps } from '../../shared/adapters/aws/wiring';
import { purchaseDeps } from '../../shared/adapters/aws/purchases-wiring';
import { PurchaseCreateRequest } from '../../shared/api/purchases';
import { type ApiIdempotencyDeps, respondIdempotently } from '../../shared/http/idempotent';
import { createPurchase, type PurchaseDeps } from '../../shared/domain/purchases/create';
import { purchaseView } from '../../shared/domain/purchases/purchase';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { idempotencyKey, parseJsonBody } from '../../shared/http/request';
import { json } from '../../shared/http/response';

export type PurchaseCreateDeps = BaseDeps & ApiIdempotencyDeps & { readonly purchases: PurchaseDeps };

export const makeHandler = (deps: PurchaseCreateDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer');
    const request = parseJsonBody(PurchaseCreateRequest, event);
    const key = idempotencyKey(event, true);
    return respondIdempotently(deps, event, principal, key, request, async () => {
      const { purchase, ticket } = await createPurchase(deps.purchases, principal, request, key);
      return json(201, purchaseView(principal, purchase, ticket?.token), { location: `/v1/purchases/${purchase.id}` });
    });
  });

export const handler = lazyHandler(() => {
  const base = baseDeps(process.env);
  return makeHandler({
    ...base,
    ...idempotencyDeps(process.env, base.config),
    purchases: purchaseDeps(process.env, base.config),
  });
});
