import { idempotencyDeps } from '../../shared/adapters/aws/wiring';
import { docketReadDeps, purchaseDeps } from '../../shared/adapters/aws/purchases-wiring';
import { PurchaseCreateRequest } from '../../shared/api/purchases';
import { type ApiIdempotencyDeps, PURCHASER_ROLE, respondIdempotently } from '../../shared/http/idempotent';
import { createPurchase, type PurchaseDeps } from '../../shared/domain/purchases/create';
import type { DocketReadDeps } from '../../shared/domain/purchases/docket';
import { purchaseIdFor } from '../../shared/domain/purchases/purchase';
import { servedPurchase } from '../../shared/domain/purchases/served';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { PurchaseIdempotency } from '../../shared/http/purchase-idempotency';
import { replayServingDocket } from '../../shared/http/purchase-replay';
import { idempotencyKey, parseJsonBody } from '../../shared/http/request';

/**
 * The idempotency record of a purchase lives in the purchase's item; the generic store is read
 * after its claim, because a customer's keys are one space across both.
 */
export type PurchaseCreateDeps = BaseDeps &
  ApiIdempotencyDeps & {
    readonly purchases: PurchaseDeps;
    /**
     * What serving a docket needs but the purchases: a repeated request may answer a purchase
     * settled (and refunded) since, whose docket is served as every purchase answer serves it.
     */
    readonly dockets: Omit<DocketReadDeps, 'purchases'>;
  };

export const makeHandler = (deps: PurchaseCreateDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, PURCHASER_ROLE);
    const request = parseJsonBody(PurchaseCreateRequest, event);
    const key = idempotencyKey(event, true);
    const idempotency = new PurchaseIdempotency(
      { claims: deps.purchases.purchases.claims, ticketStore: deps.purchases.tickets.ticketStore },
      principal,
      purchaseIdFor(principal.subject, key),
    );
    const dockets = { ...deps.dockets, purchases: deps.purchases.purchases };
    return respondIdempotently(
      deps,
      event,
      principal,
      key,
      request,
      async () => {
        const { purchase, ticket } = await createPurchase(deps.purchases, principal, request, key, idempotency.knownPurchase());
        const served = await servedPurchase(dockets, purchase);
        return idempotency.answer(served, ticket);
      },
      // A stored answer's replay (a purchase settled before it was answered) serves its docket as a GET does.
      {
        purchaseItem: idempotency,
        servedOnReplay: replayServingDocket(dockets),
      },
    );
  });

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  return makeHandler({
    ...base,
    ...idempotencyDeps(env, base.config),
    purchases: purchaseDeps(env, base.config),
    dockets: docketReadDeps(env, base.config),
  });
});
