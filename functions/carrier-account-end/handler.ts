import { idempotencyDeps, partyStore } from '../../shared/adapters/aws/wiring';
import { endCarrierAccount } from '../../shared/domain/parties/carrier-end';
import { customerView, type PartyDeps } from '../../shared/domain/parties/parties';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { type ApiIdempotencyDeps, respondIdempotently } from '../../shared/http/idempotent';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { idempotencyKey, operationOf, pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { systemClock } from '../../shared/ports';

export type CarrierAccountEndDeps = BaseDeps & ApiIdempotencyDeps & { readonly parties: Pick<PartyDeps, 'parties' | 'clock'> };

/**
 * DELETE /v1/me/carrier-account (the customer leaves its carrier) and DELETE
 * /v1/customers/{id}/carrier-account (its carrier, or an operator, ends the subscription):
 * docs/identity.md, "Leaving or changing carrier". The answer is the customer as it now stands
 * (200, not 204: the carrier account is not deleted, and the answer shows it still listed with
 * the ended terms); with an Idempotency-Key a repeat replays it.
 */
export const makeHandler = (deps: CarrierAccountEndDeps) =>
  apiHandler(deps, async (event) => {
    const leaving = operationOf(event) === 'carrierAccountLeave';
    const principal = leaving ? requireRole(event, 'customer') : requireRole(event, 'operator', 'agent');
    const customerId = leaving ? principal.subject : pathParameter(event, 'id');
    return respondIdempotently(deps, event, principal, idempotencyKey(event, false), { customerId }, async () =>
      json(200, customerView(await endCarrierAccount(deps.parties, customerId, principal))),
    );
  });

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  return makeHandler({
    ...base,
    ...idempotencyDeps(env, base.config),
    parties: { parties: partyStore(env), clock: systemClock },
  });
});
