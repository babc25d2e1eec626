import { idempotencyDeps } from '../../shared/adapters/aws/wiring';
import { partyRegistrationDeps } from '../../shared/adapters/aws/purchases-wiring';
import { CustomerCreateRequest } from '../../shared/api/parties';
import { createCustomer, customerView } from '../../shared/domain/parties/parties';
import { baseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import type { ApiHandler } from '../../shared/http/middleware';
import { partyCreateHandler, type PartyCreateDeps } from '../../shared/http/party-create';

export type CustomerCreateDeps = PartyCreateDeps;

/** POST /v1/customers: operators and agents register customers (see partyCreateHandler). */
export const makeHandler: (deps: CustomerCreateDeps) => ApiHandler = partyCreateHandler(
  ['operator', 'agent'],
  CustomerCreateRequest,
  createCustomer,
  customerView,
  'cus',
  '/v1/customers',
);

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  return makeHandler({
    ...base,
    ...idempotencyDeps(env, base.config),
    parties: partyRegistrationDeps(env),
  });
});
