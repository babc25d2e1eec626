import { DomainError } from '../../errors';
import type { Clock } from '../../ports';
import { currencySet, requireSameRequest, type ComparedValue } from '../key-reuse';
import type { LedgerAccounts } from '../ledger/ports';
import { describePrincipal, type Principal } from '../principal';
import type { PartyStore } from './ports';
import {
  agentCashAccount,
  agentFeeAccount,
  customerCarrierAccount,
  customerWalletAccount,
  platformFeeAccount,
  providerRevenueAccount,
} from './accounts';

/**
 * Providers, agents (carriers, kiosks) and customers, and the ledger accounts they own.
 *
 * Accounts are opened in the currencies a party names at creation (`currencies`, default
 * the configured currency, JPY) and lazily, idempotently, whenever money in another currency
 * first touches the party: an offer opens its provider's revenue account and the platform
 * fee account in the offer's currency; a top-up opens the wallet and the agent's cash
 * account in its currency; a carrier account opens the carrier's fee account in its
 * currency. Account ids are derived (parties/accounts.ts), so no lookup is ever needed.
 */
export interface ProviderRecord {
  readonly id: string;
  readonly name: string;
  readonly proxySettlement: { readonly trusted: boolean };
  readonly platformFeeBps: number;
  readonly currencies: readonly string[];
  readonly createdAt: string;
  readonly createdBy: string;
}

export interface AgentRecord {
  readonly id: string;
  readonly name: string;
  readonly feeBps: number;
  readonly currencies: readonly string[];
  readonly createdAt: string;
  readonly createdBy: string;
}

interface CarrierAccountTerms {
  readonly agentId: string;
  readonly creditLimitMinor: number;
  readonly currency: string;
}

export interface CustomerRecord {
  readonly id: string;
  readonly name: string;
  readonly currencies: readonly string[];
  readonly carrier?: CarrierAccountTerms;
  readonly createdAt: string;
  readonly createdBy: string;
}

export type PartyKind = 'provider' | 'agent' | 'customer';

/**
 * Registering a party only opens its accounts, so the ledger is the accounts level by
 * default; a top-up moves money and asks for the transfers level (`PartyDeps<LedgerTransfers>`, topup.ts).
 */
export interface PartyDeps<Port extends LedgerAccounts = LedgerAccounts> {
  readonly parties: PartyStore;
  readonly ledger: Port;
  readonly clock: Clock;
  readonly defaultCurrency: string;
}

export interface AccountRef {
  readonly kind: 'wallet' | 'carrier' | 'revenue' | 'agentFees' | 'agentCash' | 'platformFees';
  readonly currency: string;
  readonly id: string;
}

const unique = (values: readonly string[]): string[] => [...new Set(values)];

export const providerAccounts = (provider: ProviderRecord): AccountRef[] =>
  provider.currencies.map((currency) => ({ kind: 'revenue', currency, id: providerRevenueAccount(provider.id, currency).id }));

export const agentAccounts = (agent: AgentRecord): AccountRef[] =>
  agent.currencies.flatMap((currency): AccountRef[] => [
    { kind: 'agentFees', currency, id: agentFeeAccount(agent.id, currency).id },
    { kind: 'agentCash', currency, id: agentCashAccount(agent.id, currency).id },
  ]);

export const customerAccounts = (customer: CustomerRecord): AccountRef[] => [
  ...customer.currencies.map((currency): AccountRef => ({
    kind: 'wallet',
    currency,
    id: customerWalletAccount(customer.id, currency).id,
  })),
  ...(customer.carrier === undefined
    ? []
    : [
        {
          kind: 'carrier' as const,
          currency: customer.carrier.currency,
          id: customerCarrierAccount(customer.id, customer.carrier.currency, customer.carrier.creditLimitMinor).id,
        },
      ]),
];

/** What a caller sees of a party: everything but who registered it (an internal audit field). */
const withoutCreatedBy = <Party extends { readonly createdBy: string }>({ createdBy: _createdBy, ...rest }: Party) => rest;

export const providerView = (provider: ProviderRecord) => ({
  ...withoutCreatedBy(provider),
  accounts: providerAccounts(provider),
});
export const agentView = (agent: AgentRecord) => ({ ...withoutCreatedBy(agent), accounts: agentAccounts(agent) });
export const customerView = (customer: CustomerRecord) => ({
  ...withoutCreatedBy(customer),
  accounts: customerAccounts(customer),
});

/** Provider revenue and the platform fee account in one currency (an offer's). */
export const ensureProviderAccounts = async (ledger: LedgerAccounts, providerId: string, currency: string): Promise<void> => {
  await Promise.all([
    ledger.createAccount(providerRevenueAccount(providerId, currency)),
    ledger.createAccount(platformFeeAccount(currency)),
  ]);
};

export const ensureAgentAccounts = async (ledger: LedgerAccounts, agentId: string, currency: string): Promise<void> => {
  await Promise.all([
    ledger.createAccount(agentFeeAccount(agentId, currency)),
    ledger.createAccount(agentCashAccount(agentId, currency)),
  ]);
};

export interface CreateProviderInput {
  readonly name: string;
  readonly proxySettlement: { readonly trusted: boolean };
  readonly platformFeeBps: number;
  readonly currencies?: readonly string[];
}

/** What every party record holds beside its own terms. */
type PartyFields = Pick<ProviderRecord, 'id' | 'name' | 'currencies' | 'createdAt' | 'createdBy'>;

/**
 * Providers and agents are created alike; `party` says what differs. Flow: store the record —
 * the request's name and terms, its currencies (each once; the configured one by default),
 * who created it and when — idempotent on id (an id that exists with another request is 422
 * IDEMPOTENCY_KEY_REUSED, see key-reuse.ts, naming each field that differs: the name, the
 * `compared` terms, the currencies) → open its accounts in each currency the stored record names.
 */
const partyCreate =
  <Party extends PartyFields, Input extends { readonly name: string; readonly currencies?: readonly string[] }>(
    kind: 'provider' | 'agent',
    party: {
      readonly record: (fields: PartyFields, input: Input) => Party;
      readonly store: (parties: PartyStore, record: Party) => Promise<Party>;
      readonly compared: (record: Party) => Readonly<Record<string, ComparedValue>>;
      readonly openAccounts: (ledger: LedgerAccounts, partyId: string, currency: string) => Promise<void>;
    },
  ) =>
  async (deps: PartyDeps, id: string, input: Input, principal: Principal): Promise<Party> => {
    const requested = party.record(
      {
        id,
        name: input.name,
        currencies: unique(input.currencies ?? [deps.defaultCurrency]),
        createdAt: new Date(deps.clock.now()).toISOString(),
        createdBy: describePrincipal(principal),
      },
      input,
    );
    const stored = await party.store(deps.parties, requested);
    const fieldsOf = (record: Party) => ({
      name: record.name,
      ...party.compared(record),
      currencies: currencySet(record.currencies),
    });
    const storedFields: Readonly<Record<string, ComparedValue>> = fieldsOf(stored);
    requireSameRequest(
      `${kind} ${stored.id}`,
      Object.fromEntries(
        Object.entries(fieldsOf(requested)).map(([field, value]) => [field, [storedFields[field], value] as const]),
      ),
    );
    await Promise.all(stored.currencies.map((currency) => party.openAccounts(deps.ledger, stored.id, currency)));
    return stored;
  };

/** Operators register providers (see partyCreate). */
export const createProvider = /* @__PURE__ */ partyCreate<ProviderRecord, CreateProviderInput>('provider', {
  record: (fields, input) => ({
    ...fields,
    proxySettlement: { trusted: input.proxySettlement.trusted },
    platformFeeBps: input.platformFeeBps,
  }),
  store: (parties, record) => parties.createProvider(record),
  compared: (provider) => ({
    'proxySettlement.trusted': provider.proxySettlement.trusted,
    platformFeeBps: provider.platformFeeBps,
  }),
  openAccounts: ensureProviderAccounts,
});

export interface CreateAgentInput {
  readonly name: string;
  readonly feeBps: number;
  readonly currencies?: readonly string[];
}

/** Operators register agents (see partyCreate). */
export const createAgent = /* @__PURE__ */ partyCreate<AgentRecord, CreateAgentInput>('agent', {
  record: (fields, input) => ({ ...fields, feeBps: input.feeBps }),
  store: (parties, record) => parties.createAgent(record),
  compared: (agent) => ({ feeBps: agent.feeBps }),
  openAccounts: ensureAgentAccounts,
});

export interface CreateCustomerInput {
  readonly name: string;
  readonly currencies?: readonly string[];
  readonly carrier?: { readonly agentId: string; readonly creditLimitMinor: number; readonly currency?: string };
}

/**
 * Operators and agents register customers. An agent may only open carrier accounts on its
 * own books (it is the one that will collect); operators may name any agent.
 *
 * Flow: an agent caller must be registered (403 FORBIDDEN otherwise, as for its top-ups) →
 * check the carrier agent exists → store the record (idempotent on id; an id that
 * exists with another request is 422 IDEMPOTENCY_KEY_REUSED) → open the wallets, the carrier
 * account and the carrier's fee and cash accounts in its currency.
 */
export const createCustomer = async (
  deps: PartyDeps,
  customerId: string,
  input: CreateCustomerInput,
  principal: Principal,
): Promise<CustomerRecord> => {
  const actingAgent = principal.role === 'agent' ? await requireRegisteredAgent(deps.parties, principal.subject) : undefined;
  let carrier: CarrierAccountTerms | undefined;
  if (input.carrier !== undefined) {
    if (actingAgent !== undefined && actingAgent.id !== input.carrier.agentId) {
      throw new DomainError('FORBIDDEN', 'An agent opens carrier accounts only on its own books.', [
        { field: 'carrier.agentId', message: 'must be your own agent id' },
      ]);
    }
    const agent = actingAgent ?? (await deps.parties.getAgent(input.carrier.agentId));
    if (agent === undefined) {
      throw new DomainError('AGENT_NOT_FOUND', `No agent ${input.carrier.agentId}.`, [
        { field: 'carrier.agentId', message: 'is not a registered agent' },
      ]);
    }
    carrier = {
      agentId: agent.id,
      creditLimitMinor: input.carrier.creditLimitMinor,
      currency: input.carrier.currency ?? deps.defaultCurrency,
    };
  }
  const currencies = unique(input.currencies ?? [deps.defaultCurrency]);
  const stored = await deps.parties.createCustomer({
    id: customerId,
    name: input.name,
    currencies,
    ...(carrier === undefined ? {} : { carrier }),
    createdAt: new Date(deps.clock.now()).toISOString(),
    createdBy: describePrincipal(principal),
  });
  requireSameRequest(`customer ${stored.id}`, {
    name: [stored.name, input.name],
    currencies: [currencySet(stored.currencies), currencySet(currencies)],
    'carrier.agentId': [stored.carrier?.agentId, carrier?.agentId],
    'carrier.creditLimitMinor': [stored.carrier?.creditLimitMinor, carrier?.creditLimitMinor],
    'carrier.currency': [stored.carrier?.currency, carrier?.currency],
  });
  await Promise.all([
    ...stored.currencies.map((currency) => deps.ledger.createAccount(customerWalletAccount(stored.id, currency))),
    ...(stored.carrier === undefined
      ? []
      : [
          deps.ledger.createAccount(customerCarrierAccount(stored.id, stored.carrier.currency, stored.carrier.creditLimitMinor)),
          ensureAgentAccounts(deps.ledger, stored.carrier.agentId, stored.carrier.currency),
        ]),
  ]);
  return stored;
};

/**
 * The record of the agent a caller acts as: a token whose agent was never registered (or an
 * agent id that names no agent) acts for no one, so every agent operation refuses it alike.
 */
export const requireRegisteredAgent = async (parties: PartyStore, agentId: string): Promise<AgentRecord> => {
  const agent = await parties.getAgent(agentId);
  if (agent === undefined) throw new DomainError('FORBIDDEN', `Agent ${agentId} is not registered.`);
  return agent;
};

export const requireCustomer = async (parties: PartyStore, customerId: string): Promise<CustomerRecord> => {
  const customer = await parties.getCustomer(customerId);
  if (customer === undefined) throw new DomainError('CUSTOMER_NOT_FOUND', `No customer ${customerId}.`);
  return customer;
};

export const requireProvider = async (parties: PartyStore, providerId: string, field = 'providerId'): Promise<ProviderRecord> => {
  const provider = await parties.getProvider(providerId);
  if (provider === undefined) {
    throw new DomainError('PROVIDER_NOT_FOUND', `No provider ${providerId}.`, [
      { field, message: 'is not a registered provider' },
    ]);
  }
  return provider;
};
