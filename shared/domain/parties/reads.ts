import { type DomainError, notVisible } from '../../errors';
import { decodeJsonCursor, encodeJsonCursor, invalidListingCursor } from '../cursor';
import type { LedgerQueries } from '../ledger/ports';
import type { AccountView } from '../ledger/types';
import { describePrincipal, type Principal } from '../principal';
import {
  agentCashAccountId,
  agentFeeAccountId,
  customerCarrierAccountId,
  customerWalletAccountId,
  providerRevenueAccountId,
} from './accounts';
import {
  agentAccounts,
  agentView,
  customerAccounts,
  customerView,
  providerAccounts,
  providerView,
  type AccountRef,
  type AgentRecord,
  type CustomerRecord,
  type PartyKind,
  type ProviderRecord,
} from './parties';
import type { PartyStore } from './ports';
import { requireCallerAgent, requireCallerCustomer, requireCallerParty, requireCallerProvider } from './require';

/**
 * Reads of parties and of their own accounts. Visibility is the rule of every other object:
 * a party sees itself, operators see every party, an agent sees the customers it registered
 * or collects for; anyone else gets the 404 of a party that does not exist.
 */
const NOT_FOUND = { provider: 'PROVIDER_NOT_FOUND', agent: 'AGENT_NOT_FOUND', customer: 'CUSTOMER_NOT_FOUND' } as const;

const notFound = (kind: PartyKind, id: string): DomainError => notVisible(NOT_FOUND[kind], kind, id);

const isSelf = (principal: Principal, kind: PartyKind, id: string): boolean =>
  principal.role === kind && principal.subject === id;

/** A provider reading itself is the caller (requireCallerProvider); an operator reads any; anyone else gets its 404. */
export const readProvider = async (parties: PartyStore, principal: Principal, id: string): Promise<ProviderRecord> => {
  if (isSelf(principal, 'provider', id)) return requireCallerProvider(parties, id);
  const provider = principal.role === 'operator' ? await parties.getProvider(id) : undefined;
  if (provider === undefined) throw notFound('provider', id);
  return provider;
};

/** An agent reading itself is the caller (requireCallerAgent); an operator reads any; anyone else gets its 404. */
export const readAgent = async (parties: PartyStore, principal: Principal, id: string): Promise<AgentRecord> => {
  if (isSelf(principal, 'agent', id)) return requireCallerAgent(parties, id);
  const agent = principal.role === 'operator' ? await parties.getAgent(id) : undefined;
  if (agent === undefined) throw notFound('agent', id);
  return agent;
};

export const readCustomer = async (parties: PartyStore, principal: Principal, id: string): Promise<CustomerRecord> => {
  if (isSelf(principal, 'customer', id)) return requireCallerCustomer(parties, id);
  const mayBeAgents = principal.role === 'agent';
  const customer = principal.role === 'operator' || mayBeAgents ? await parties.getCustomer(id) : undefined;
  const agentsOwn =
    customer !== undefined &&
    mayBeAgents &&
    (customer.createdBy === describePrincipal(principal) || customer.carrier?.agentId === principal.subject);
  if (customer === undefined || (mayBeAgents && !agentsOwn)) throw notFound('customer', id);
  return customer;
};

export type Me =
  | ({ readonly kind: 'customer' } & ReturnType<typeof customerView>)
  | ({ readonly kind: 'provider' } & ReturnType<typeof providerView>)
  | ({ readonly kind: 'agent' } & ReturnType<typeof agentView>)
  | { readonly kind: 'operator'; readonly id: string };

/** The caller's own party; a token whose subject was never registered is the party's 404 (requireCallerParty). */
export const readMe = async (parties: PartyStore, principal: Principal): Promise<Me> => {
  const caller = await requireCallerParty(parties, principal);
  switch (caller?.kind) {
    case undefined:
      return { kind: 'operator', id: principal.subject };
    case 'customer':
      return { kind: 'customer', ...customerView(caller.record) };
    case 'provider':
      return { kind: 'provider', ...providerView(caller.record) };
    case 'agent':
      return { kind: 'agent', ...agentView(caller.record) };
  }
};

/** The caller's accounts as the party record names them (operators own no party accounts). */
const myAccountRefs = async (parties: PartyStore, principal: Principal): Promise<AccountRef[]> => {
  const caller = await requireCallerParty(parties, principal);
  switch (caller?.kind) {
    case undefined:
      return [];
    case 'customer':
      return customerAccounts(caller.record);
    case 'provider':
      return providerAccounts(caller.record);
    case 'agent':
      return agentAccounts(caller.record);
  }
};

export type MyAccount = AccountView & { readonly kind: AccountRef['kind'] };

/** A page of the caller's accounts: how many, and the position (an account id) the page before ended at. */
export interface MyAccountsQuery {
  readonly limit: number;
  readonly after?: string | undefined;
}

export interface MyAccountsPage {
  readonly items: MyAccount[];
  /** The id of the page's last account, when more follow it; absent on the last page. */
  readonly nextCursor?: string;
}

/** The account a position of myAccounts names (`{ after }`, JSON in base64url like every store's position). */
const accountAfter = (position: string): string => {
  const decoded = decodeJsonCursor(position, invalidListingCursor);
  if (typeof decoded !== 'object' || decoded === null || !('after' in decoded) || typeof decoded.after !== 'string')
    throw invalidListingCursor();
  return decoded.after;
};

/**
 * A page of the caller's accounts with their balances, in the order of the party record (the
 * registered currencies, those opened later, a customer's carrier account), after the account
 * `after` names. The position is an account id (`{ after }` in base64url), not an index: an account opened since the page
 * before (its currency sorts among those opened later) never repeats an account, at worst it is
 * left out of this walk, as a new object is from any list paged by a key. A position that is
 * not one of the caller's accounts is 400 INVALID_CURSOR (the API seals positions, so only a
 * cursor of this caller's list gets here). Only the page's accounts are read from the ledger.
 */
export const myAccounts = async (
  deps: { parties: PartyStore; ledger: LedgerQueries },
  principal: Principal,
  query: MyAccountsQuery,
): Promise<MyAccountsPage> => {
  const refs = await myAccountRefs(deps.parties, principal);
  const after = query.after === undefined ? undefined : accountAfter(query.after);
  const start = after === undefined ? 0 : refs.findIndex((ref) => ref.id === after) + 1;
  if (start === 0 && after !== undefined) throw invalidListingCursor();
  const page = refs.slice(start, start + query.limit);
  const items = await Promise.all(page.map(async (ref) => ({ kind: ref.kind, ...(await deps.ledger.getAccount(ref.id)) })));
  const last = page.at(-1);
  return {
    items,
    ...(start + query.limit < refs.length && last !== undefined ? { nextCursor: encodeJsonCursor({ after: last.id }) } : {}),
  };
};

const CURRENCY_LENGTH = 3;

/**
 * Whether a ledger account is one of the caller's own: account ids are derived from the
 * party id and the currency (parties/accounts.ts), so this holds for the accounts opened
 * later in other currencies too, with no lookup.
 */
export const ownsAccount = (principal: Principal, accountId: string): boolean => {
  const currency = accountId.slice(-CURRENCY_LENGTH);
  const own: Record<Principal['role'], readonly string[]> = {
    customer: [customerWalletAccountId(principal.subject, currency), customerCarrierAccountId(principal.subject, currency)],
    provider: [providerRevenueAccountId(principal.subject, currency)],
    agent: [agentFeeAccountId(principal.subject, currency), agentCashAccountId(principal.subject, currency)],
    operator: [],
  };
  return own[principal.role].includes(accountId);
};

/**
 * Another party's account is the 404 of an account that does not exist; a token whose subject
 * is no registered party owns no account (its party's 404 naming no field, as GET
 * /v1/me/accounts answers it: requireCallerParty).
 */
export const requireOwnAccount = async (
  parties: Pick<PartyStore, 'getCustomer' | 'getProvider' | 'getAgent'>,
  principal: Principal,
  accountId: string,
): Promise<void> => {
  if (!ownsAccount(principal, accountId)) {
    throw notVisible('ACCOUNT_NOT_FOUND', 'account', accountId);
  }
  await requireCallerParty(parties, principal);
};
