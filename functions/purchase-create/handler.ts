import { idempotencyDeps } from '../../shared/adapters/aws/wiring';
import { purchaseDeps } from '../../shared/adapters/aws/purchases-wiring';
import { PurchaseCreateRequest } from '../../shared/api/purchases';
import { type ApiIdempotencyDeps, respondIdempotently } from '../../shared/http/idempotent';
import { createPurchase, type PurchaseDeps } from '../../shared/domain/purchases/create';
import { purchaseIdFor } from '../../shared/domain/purchases/purchase';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { PurchaseIdempotency } from '../../shared/http/purchase-idempotency';
import { idempotencyKey, parseJsonBody } from '../../shared/http/request';

/** The idempotency record of a purchase lives in the purchase's item, so no separate store is wired. */
export type PurchaseCreateDeps = BaseDeps & Omit<ApiIdempotencyDeps, 'idempotencyStore'> & { readonly purchases: PurchaseDeps };

export const makeHandler = (deps: PurchaseCreateDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer');
    const request = parseJsonBody(PurchaseCreateRequest, event);
    const key = idempotencyKey(event, true);
    const idempotency = new PurchaseIdempotency(
      { claims: deps.purchases.purchases.claims, ticketStore: deps.purchases.tickets.ticketStore },
      principal,
      purchaseIdFor(principal.subject, key),
    );
    return respondIdempotently({ ...deps, idempotencyStore: idempotency }, event, principal, key, request, async () => {
      const { purchase, ticket } = await createPurchase(deps.purchases, principal, request, key, idempotency.knownPurchase());
      return idempotency.answer(purchase, ticket);
    });
  });

export const handler = lazyHandler(() => {
  const base = baseDeps(process.env);
  const { idempotencyStore: _unused, ...idempotency } = idempotencyDeps(process.env, base.config);
  return makeHandler({ ...base, ...idempotency, purchases: purchaseDeps(process.env, base.config) });
});
