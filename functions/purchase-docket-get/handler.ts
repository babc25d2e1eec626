import { purchaseStore } from '../../shared/adapters/aws/purchases-wiring';
import { delegatedKeyStore, ticketSigner } from '../../shared/adapters/aws/signing-wiring';
import { signingPolicyOf } from '../../shared/config';
import { servedDocket, type DocketReadDeps } from '../../shared/domain/purchases/docket';
import { authorizeDocketRead } from '../../shared/domain/purchases/purchase';
import type { PurchaseStore } from '../../shared/domain/purchases/ports';
import { systemClock } from '../../shared/ports';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';

export type PurchaseDocketGetDeps = BaseDeps & {
  readonly purchases: PurchaseStore;
  readonly dockets: Omit<DocketReadDeps, 'purchases'>;
};

/**
 * GET /v1/purchases/{id}/docket: the signed settlement docket, for whoever may read the
 * purchase and the purchase's carrier agent; signed again by the current root key, once, when
 * its key is about to leave the JWK Set or is not listed with enough life left (servedDocket).
 */
export const makeHandler = (deps: PurchaseDocketGetDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer', 'provider', 'agent', 'operator');
    const purchaseId = pathParameter(event, 'id');
    const purchase = authorizeDocketRead(principal, await deps.purchases.get(purchaseId), purchaseId);
    return json(200, await servedDocket({ ...deps.dockets, purchases: deps.purchases }, purchase));
  });

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  return makeHandler({
    ...base,
    purchases: purchaseStore(env),
    dockets: {
      rootSigner: ticketSigner(env),
      keys: delegatedKeyStore(env),
      clock: systemClock,
      policy: signingPolicyOf(base.config),
    },
  });
});
