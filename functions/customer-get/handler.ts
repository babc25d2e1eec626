import { partyStore } from '../../shared/adapters/aws/wiring';
import { customerView } from '../../shared/domain/parties/parties';
import { readCustomer } from '../../shared/domain/parties/reads';
import { baseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { partyGetHandler, type PartyGetDeps } from '../../shared/http/party-get';

export type CustomerGetDeps = PartyGetDeps;

/** GET /v1/customers/{id}: the customer itself, operators, and the agent that registered it or collects for it; anyone else gets a 404. */
export const makeHandler = (deps: CustomerGetDeps) => partyGetHandler(deps, readCustomer, customerView);

export const handler = lazyHandler((env) => makeHandler({ ...baseDeps(env), parties: partyStore(env) }));
