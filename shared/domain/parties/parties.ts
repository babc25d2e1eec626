import { DomainError, quoted } from '../../errors';
import type { Clock } from '../../ports';
import { currencySet, requireSameRequest, type ComparedValue } from '../key-reuse';
import type { LedgerAccounts } from '../ledger/ports';
import { describePrincipal, type Principal } from '../principal';
import type { PartyStore } from './ports';
import { requireCallerAgent } from './require';
import { carrierTermsHeld, publicFormerCarrier, type EndedCarrierTerms } from './carrier-terms';
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
 * currency. Account ids are derived (parties/accounts.ts), so no lookup is ever needed; a
 * currency opened later is recorded on the party (openLater), so its reads list the account.
 */
/**
 * What every party record says about its currencies: `currencies` as registered (compared when
 * a create is repeated), `openedCurrencies` those its accounts were opened in later, lazily,
 * each once, in no order (absent until the first; PartyStore.addCurrency).
 */
interface PartyCurrencies {
  readonly currencies: readonly string[];
  readonly openedCurrencies?: readonly string[];
}

/**
 * Whether a carrier may collect for the provider (SPEC S4's trusted-provider registry): set at
 * registration, changed by an operator (setProviderTrust); `changedAt` is when it last changed,
 * absent while it is as registered.
 */
export interface ProxySettlement {
  readonly trusted: boolean;
  readonly changedAt?: string;
}

export interface ProviderRecord extends PartyCurrencies {
  readonly id: string;
  readonly name: string;
  readonly proxySettlement: ProxySettlement;
  /**
   * The trust the creation asked for, which a repeated create is compared by (a trust change
   * keeps it). Absent, on an older provider, until its trust first changes: the trust in force.
   */
  readonly trustedAtRegistration?: boolean;
  readonly platformFeeBps: number;
  readonly createdAt: string;
  readonly createdBy: string;
}

export interface AgentRecord extends PartyCurrencies {
  readonly id: string;
  readonly name: string;
  /** The carrier's collection fee: its cut of a carrier-route purchase's price, borne by the provider. */
  readonly feeBps: number;
  /**
   * A kiosk's surcharge on a top-up, paid by the customer on top of the amount credited
   * (topup.ts). Fixed at creation; absent on agents registered before it existed: 0
   * (`agentTopUpFeeBps`).
   */
  readonly topUpFeeBps?: number;
  readonly createdAt: string;
  readonly createdBy: string;
}

/** What a carrier account is opened with: who collects, up to what, in which currency. */
export interface CarrierAccountTerms {
  readonly agentId: string;
  readonly creditLimitMinor: number;
  readonly currency: string;
}

export interface CustomerRecord extends PartyCurrencies {
  readonly id: string;
  readonly name: string;
  /** The carrier the customer subscribes to now: purchases may take the carrier route. */
  readonly carrier?: CarrierAccountTerms;
  /**
   * The last carrier subscription that ended. Its carrier account stays open: what the customer
   * owes on it is still collected by that carrier (carrierCollectorOf, carrier-terms.ts) until a
   * new link replaces it.
   */
  readonly formerCarrier?: EndedCarrierTerms;
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

/** Every currency a party has accounts in: the registered ones in their order, then those opened later. */
const accountCurrencies = (party: PartyCurrencies): string[] =>
  unique([...party.currencies, ...[...(party.openedCurrencies ?? [])].sort()]);

export const providerAccounts = (provider: ProviderRecord): AccountRef[] =>
  accountCurrencies(provider).map((currency) => ({
    kind: 'revenue',
    currency,
    id: providerRevenueAccount(provider.id, currency).id,
  }));

export const agentAccounts = (agent: AgentRecord): AccountRef[] =>
  accountCurrencies(agent).flatMap((currency): AccountRef[] => [
    { kind: 'agentFees', currency, id: agentFeeAccount(agent.id, currency).id },
    { kind: 'agentCash', currency, id: agentCashAccount(agent.id, currency).id },
  ]);

export const customerAccounts = (customer: CustomerRecord): AccountRef[] => [
  ...accountCurrencies(customer).map((currency): AccountRef => ({
    kind: 'wallet',
    currency,
    id: customerWalletAccount(customer.id, currency).id,
  })),
  ...carrierTermsHeld(customer).map((terms): AccountRef => ({
    kind: 'carrier',
    currency: terms.currency,
    id: customerCarrierAccount(customer.id, terms.currency, terms.creditLimitMinor).id,
  })),
];

/**
 * What a caller sees of a party: everything but who registered it (an internal audit field)
 * and the currencies opened later (its `accounts` list them).
 */
const publicPartyFields = <Party extends { readonly createdBy: string } & PartyCurrencies>({
  createdBy: _createdBy,
  openedCurrencies: _openedCurrencies,
  ...rest
}: Party) => rest;

export const providerView = ({ trustedAtRegistration: _registered, ...provider }: ProviderRecord) => ({
  ...publicPartyFields(provider),
  accounts: providerAccounts(provider),
});
/** An agent's top-up surcharge rate: 0 for an agent registered before the setting existed. */
export const agentTopUpFeeBps = (agent: Pick<AgentRecord, 'topUpFeeBps'>): number => agent.topUpFeeBps ?? 0;

export const agentView = (agent: AgentRecord) => ({
  ...publicPartyFields(agent),
  topUpFeeBps: agentTopUpFeeBps(agent),
  accounts: agentAccounts(agent),
});
/** A customer as callers see it; of an ended subscription, who ended it is an audit field too. */
export const customerView = (record: CustomerRecord) => {
  const { formerCarrier, ...customer } = record;
  return {
    ...publicPartyFields(customer),
    ...(formerCarrier === undefined ? {} : { formerCarrier: publicFormerCarrier(formerCarrier) }),
    accounts: customerAccounts(record),
  };
};

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

/**
 * Opens a party's accounts in a currency (idempotent), then, when its record does not name the
 * currency yet, records it (PartyStore.addCurrency, a set union: concurrent first opens all
 * land on one entry), so the party's reads list the accounts. Accounts first: a crash between
 * the two leaves an account that the next open in the currency records, never a listed
 * account that does not exist. A currency the record names costs no write to the record.
 */
const openLater =
  <Party extends { readonly id: string } & PartyCurrencies>(
    kind: PartyKind,
    open: (ledger: LedgerAccounts, party: Party, currency: string) => Promise<unknown>,
  ) =>
  async (deps: Pick<PartyDeps, 'parties' | 'ledger'>, party: Party, currency: string): Promise<void> => {
    await open(deps.ledger, party, currency);
    if (!accountCurrencies(party).includes(currency)) await deps.parties.addCurrency(kind, party.id, currency);
  };

/** A provider's revenue account (and the platform fee account) in an offer's or channel's currency. */
export const openProviderCurrency = /* @__PURE__ */ openLater<ProviderRecord>('provider', (ledger, provider, currency) =>
  ensureProviderAccounts(ledger, provider.id, currency),
);
/** An agent's fee and cash accounts in a top-up's or a carrier account's currency. */
export const openAgentCurrency = /* @__PURE__ */ openLater<AgentRecord>('agent', (ledger, agent, currency) =>
  ensureAgentAccounts(ledger, agent.id, currency),
);
/** A customer's wallet in a top-up's currency. */
export const openWalletCurrency = /* @__PURE__ */ openLater<CustomerRecord>('customer', (ledger, customer, currency) =>
  ledger.createAccount(customerWalletAccount(customer.id, currency)),
);

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
      `${kind} ${quoted(stored.id)}`,
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
    trustedAtRegistration: input.proxySettlement.trusted,
    platformFeeBps: input.platformFeeBps,
  }),
  store: (parties, record) => parties.createProvider(record),
  compared: (provider) => ({
    'proxySettlement.trusted': provider.trustedAtRegistration ?? provider.proxySettlement.trusted,
    platformFeeBps: provider.platformFeeBps,
  }),
  openAccounts: ensureProviderAccounts,
});

export interface CreateAgentInput {
  readonly name: string;
  readonly feeBps: number;
  /** Default 0: no surcharge on the agent's top-ups. */
  readonly topUpFeeBps?: number;
  readonly currencies?: readonly string[];
}

/** Operators register agents (see partyCreate). */
export const createAgent = /* @__PURE__ */ partyCreate<AgentRecord, CreateAgentInput>('agent', {
  record: (fields, input) => ({ ...fields, feeBps: input.feeBps, topUpFeeBps: input.topUpFeeBps ?? 0 }),
  store: (parties, record) => parties.createAgent(record),
  compared: (agent) => ({ feeBps: agent.feeBps, topUpFeeBps: agentTopUpFeeBps(agent) }),
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
 * Flow: an agent caller must be registered (404 AGENT_NOT_FOUND naming no field otherwise,
 * requireCallerAgent) →
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
  const actingAgent = principal.role === 'agent' ? await requireCallerAgent(deps.parties, principal.subject) : undefined;
  let carrier: CarrierAccountTerms | undefined;
  let carrierAgent: AgentRecord | undefined;
  if (input.carrier !== undefined) {
    if (actingAgent !== undefined && actingAgent.id !== input.carrier.agentId) {
      throw new DomainError('FORBIDDEN', 'An agent opens carrier accounts only on its own books.', [
        { field: 'carrier.agentId', message: 'must be your own agent id' },
      ]);
    }
    const agent = actingAgent ?? (await deps.parties.getAgent(input.carrier.agentId));
    if (agent === undefined) {
      throw new DomainError('AGENT_NOT_FOUND', `No agent ${quoted(input.carrier.agentId)}.`, [
        { field: 'carrier.agentId', message: 'is not a registered agent' },
      ]);
    }
    carrierAgent = agent;
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
  requireSameRequest(`customer ${quoted(stored.id)}`, {
    name: [stored.name, input.name],
    currencies: [currencySet(stored.currencies), currencySet(currencies)],
    'carrier.agentId': [stored.carrier?.agentId, carrier?.agentId],
    'carrier.creditLimitMinor': [stored.carrier?.creditLimitMinor, carrier?.creditLimitMinor],
    'carrier.currency': [stored.carrier?.currency, carrier?.currency],
  });
  await Promise.all([
    ...stored.currencies.map((currency) => deps.ledger.createAccount(customerWalletAccount(stored.id, currency))),
    ...(stored.carrier === undefined || carrierAgent === undefined
      ? []
      : [
          deps.ledger.createAccount(customerCarrierAccount(stored.id, stored.carrier.currency, stored.carrier.creditLimitMinor)),
          openAgentCurrency(deps, carrierAgent, stored.carrier.currency),
        ]),
  ]);
  return stored;
};

export {
  requireCallerAgent,
  requireCallerCustomer,
  requireCallerParty,
  requireCallerProvider,
  requireCustomer,
  requireNamedProvider,
  requireProvider,
} from './require';
