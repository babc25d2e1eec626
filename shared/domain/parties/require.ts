import { DomainError, quoted } from '../../errors';
import type { AgentRecord, CustomerRecord, ProviderRecord } from './parties';
import type { PartyStore } from './ports';

/** The records a request or its caller names, each refused alike wherever it is named. */

/**
 * The record of the agent a caller acts as: a token whose agent was never registered (or an
 * agent id that names no agent) acts for no one, so every agent operation refuses it alike.
 */
export const requireRegisteredAgent = async (parties: PartyStore, agentId: string): Promise<AgentRecord> => {
  const agent = await parties.getAgent(agentId);
  if (agent === undefined) throw new DomainError('FORBIDDEN', `Agent ${quoted(agentId)} is not registered.`);
  return agent;
};

export const requireCustomer = async (parties: PartyStore, customerId: string): Promise<CustomerRecord> => {
  const customer = await parties.getCustomer(customerId);
  if (customer === undefined) throw new DomainError('CUSTOMER_NOT_FOUND', `No customer ${quoted(customerId)}.`);
  return customer;
};

export const requireProvider = async (parties: PartyStore, providerId: string, field = 'providerId'): Promise<ProviderRecord> => {
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
 * subject was never registered acts for no one, a 404 that names no field. One requirement
 * over the store's getter serves the provider and the customer alike.
 */
const requireCaller = async <Party>(
  get: (id: string) => Promise<Party | undefined>,
  id: string,
  code: 'PROVIDER_NOT_FOUND' | 'CUSTOMER_NOT_FOUND',
  kind: string,
): Promise<Party> => {
  const party = await get(id);
  if (party === undefined) throw new DomainError(code, `You act as ${kind} ${quoted(id)}, which is not registered.`);
  return party;
};

/** The provider the caller acts as (requireCaller). */
export const requireCallerProvider = (parties: Pick<PartyStore, 'getProvider'>, providerId: string): Promise<ProviderRecord> =>
  requireCaller((id) => parties.getProvider(id), providerId, 'PROVIDER_NOT_FOUND', 'provider');

/**
 * The customer the caller acts as (requireCaller): the one place that resolves the calling
 * customer. Every operation about the caller's own things (GET /v1/me and its accounts, its
 * devices and pairs, its lists of purchases, reservations, statements and usage, its bookings
 * and purchases) goes through this, so a customer token whose subject is no registered customer
 * gets the same 404 everywhere, never an empty page.
 */
export const requireCallerCustomer = (parties: Pick<PartyStore, 'getCustomer'>, customerId: string): Promise<CustomerRecord> =>
  requireCaller((id) => parties.getCustomer(id), customerId, 'CUSTOMER_NOT_FOUND', 'customer');
