import { idempotencyDeps } from '../../shared/adapters/aws/wiring';
import { partyRegistrationDeps } from '../../shared/adapters/aws/purchases-wiring';
import { CustomerCreateRequest } from '../../shared/api/parties';
import { type ApiIdempotencyDeps, respondIdempotently } from '../../shared/http/idempotent';
import { createCustomer, customerView, type PartyDeps } from '../../shared/domain/parties/parties';
import { describePrincipal } from '../../shared/domain/principal';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { idempotencyKey, parseJsonBody } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { derivedId, randomIds } from '../../shared/ids';

export type CustomerCreateDeps = BaseDeps & ApiIdempotencyDeps & { readonly parties: PartyDeps };

export const makeHandler = (deps: CustomerCreateDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'operator', 'agent');
    const request = parseJsonBody(CustomerCreateRequest, event);
    const key = idempotencyKey(event, false);
    const customerId = key === undefined ? randomIds.next('cus') : derivedId('cus', describePrincipal(principal), key);
    return respondIdempotently(deps, event, principal, key, request, async () => {
      const customer = await createCustomer(deps.parties, customerId, request, principal);
      return json(201, customerView(customer), { location: `/v1/customers/${customer.id}` });
    });
  });

export const handler = lazyHandler(() => {
  const base = baseDeps(process.env);
  return makeHandler({
    ...base,
    ...idempotencyDeps(process.env, base.config),
    parties: partyRegistrationDeps(process.env),
  });
});
