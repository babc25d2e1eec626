import { DomainError, quoted } from '../../errors';
import type { AgentRecord, CustomerRecord, ProviderRecord } from './parties';
import type { Principal } from '../principal';
import type { PartyStore } from './ports';

/** The records a request or its caller names, each refused alike wherever it is named. */

export const requireCustomer = async (parties: Pick<PartyStore, 'getCustomer'>, customerId: string): Promise<CustomerRecord> => {
  const customer = await parties.getCustomer(customerId);
  if (customer === undefined) throw new DomainError('CUSTOMER_NOT_FOUND', `No customer ${quoted(customerId)}.`);
  return customer;
};

export const requireProvider = async (
  parties: Pick<PartyStore, 'getProvider'>,
  providerId: string,
  field = 'providerId',
): Promise<ProviderRecord> => {
  const provider = await parties.getProvider(providerId);
  if (provider === undefined) {
    throw new DomainError('PROVIDER_NOT_FOUND', `No provider ${quoted(providerId)}.`, [
      { field, message: 'is not a registered provider' },
    ]);
  }
  return provider;
};

/**
 * The record of the party the caller acts as, which is no field of its request: a token whose
 * subject was never registered acts for no one, a 404 that names no field ("You act as provider
 * "prv_x", which is not registered."). The one rule that resolves a calling customer, provider
 * or agent: every operation about the caller's own things goes through it (the exports below),
 * so such a token gets the same 404 everywhere, never an empty page or someone else's answer.
 */
const requireCaller = async <Party>(
  get: (id: string) => Promise<Party | undefined>,
  id: string,
  code: 'PROVIDER_NOT_FOUND' | 'AGENT_NOT_FOUND' | 'CUSTOMER_NOT_FOUND',
  kind: string,
): Promise<Party> => {
  const party = await get(id);
  if (party === undefined) throw new DomainError(code, `You act as ${kind} ${quoted(id)}, which is not registered.`);
  return party;
};

/** The provider the caller acts as (requireCaller): its lists, its accounts, what it creates for itself. */
export const requireCallerProvider = (parties: Pick<PartyStore, 'getProvider'>, providerId: string): Promise<ProviderRecord> =>
  requireCaller((id) => parties.getProvider(id), providerId, 'PROVIDER_NOT_FOUND', 'provider');

/** The agent the caller acts as (requireCaller): its lists, its accounts, the customers and top-ups of its books. */
export const requireCallerAgent = (parties: Pick<PartyStore, 'getAgent'>, agentId: string): Promise<AgentRecord> =>
  requireCaller((id) => parties.getAgent(id), agentId, 'AGENT_NOT_FOUND', 'agent');

/**
 * The customer the caller acts as (requireCaller). Every operation about the caller's own
 * things (GET /v1/me and its accounts, its devices and pairs, its lists of purchases,
 * reservations, statements and usage, its bookings and purchases) goes through this.
 */
export const requireCallerCustomer = (parties: Pick<PartyStore, 'getCustomer'>, customerId: string): Promise<CustomerRecord> =>
  requireCaller((id) => parties.getCustomer(id), customerId, 'CUSTOMER_NOT_FOUND', 'customer');

export type CallerParty =
  | { readonly kind: 'customer'; readonly record: CustomerRecord }
  | { readonly kind: 'provider'; readonly record: ProviderRecord }
  | { readonly kind: 'agent'; readonly record: AgentRecord };

/**
 * The party record of whoever calls, by its role (requireCaller); an operator acts as no party
 * (undefined). For the operations any party may call about itself (its accounts, statements).
 */
export const requireCallerParty = async (
  parties: Pick<PartyStore, 'getCustomer' | 'getProvider' | 'getAgent'>,
  principal: Principal,
): Promise<CallerParty | undefined> => {
  switch (principal.role) {
    case 'operator':
      return undefined;
    case 'customer':
      return { kind: 'customer', record: await requireCallerCustomer(parties, principal.subject) };
    case 'provider':
      return { kind: 'provider', record: await requireCallerProvider(parties, principal.subject) };
    case 'agent':
      return { kind: 'agent', record: await requireCallerAgent(parties, principal.subject) };
  }
};

/**
 * The provider a request names (a body's providerId, a path's id) once the caller may act for
 * it (actsFor, checked before): the provider naming itself is the caller (requireCallerProvider,
 * naming no field), an operator naming a provider gets its 404 naming the field (requireProvider).
 */
export const requireNamedProvider = (
  parties: Pick<PartyStore, 'getProvider'>,
  principal: Principal,
  providerId: string,
  field = 'providerId',
): Promise<ProviderRecord> =>
  principal.role === 'provider' && principal.subject === providerId
    ? requireCallerProvider(parties, providerId)
    : requireProvider(parties, providerId, field);
