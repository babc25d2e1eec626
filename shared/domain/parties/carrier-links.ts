import { createHash } from 'node:crypto';
import { assert, DomainError, isDomainError, quoted } from '../../errors';
import { backoffWithinBudget } from '../../contention';
import { CARRIER_LINK_REDEEM_RETRY } from '../../limits';
import type { IdGenerator } from '../../ports';
import { describePrincipal, type Principal } from '../principal';
import type { AccountView } from '../ledger/types';
import { customerCarrierAccount, customerCarrierAccountId } from './accounts';
import {
  openAgentCurrency,
  requireCallerAgent,
  requireCallerCustomer,
  type AgentRecord,
  type CarrierAccountTerms,
  type CustomerRecord,
  type PartyDeps,
} from './parties';

/**
 * Carrier links: how a customer who signed up on their own (docs/identity.md) becomes a
 * carrier's subscriber with both sides' consent. The carrier (an agent) sets the terms and
 * gets a one-time code; the customer redeems it, and their record gains the carrier account.
 *
 * The code is a bearer secret of 128 random bits: only its SHA-256 is stored (a slow salted
 * hash is not needed for a random secret of that size, and the hash is how a redeem finds
 * the link). It expires (KIPPU_CARRIER_LINK_SECONDS) and is used once.
 */
export interface CarrierLinkRecord extends CarrierAccountTerms {
  readonly id: string;
  /** SHA-256 of the code, base64url: the link's key. */
  readonly codeHash: string;
  readonly expiresAt: string;
  readonly createdAt: string;
  readonly createdBy: string;
  /** The customer who redeemed the code, and when; absent while the link is open. */
  readonly redeemedBy?: string;
  readonly redeemedAt?: string;
}

/** One redeem as the store applies it: the link used and the customer's carrier set, together or not at all. */
export interface CarrierLinkRedemption {
  readonly codeHash: string;
  readonly customerId: string;
  readonly carrier: CarrierAccountTerms;
  readonly redeemedAt: string;
}

/**
 * What a redeem's transaction did: `redeemed`; `refused` when a condition did not hold (the
 * link is used or expired, the customer has a carrier account or is not stored); `contended`
 * when it met a concurrent transaction on one of its items and wrote nothing.
 */
export type RedemptionOutcome = 'redeemed' | 'refused' | 'contended';

export interface CarrierLinkCreateDeps extends Pick<PartyDeps, 'parties' | 'clock' | 'defaultCurrency'> {
  /** Link ids and codes (random). */
  readonly ids: IdGenerator;
  /** How long a code can be redeemed. */
  readonly linkSeconds: number;
}

export interface CarrierLinkInput {
  readonly creditLimitMinor: number;
  readonly currency?: string;
}

/** What the carrier is shown: the code only in the answer that made it. */
export interface CarrierLinkView extends CarrierAccountTerms {
  readonly id: string;
  readonly code: string;
  readonly expiresAt: string;
}

const LINK_ID_PREFIX = 'cln';
const CODE_PREFIX = 'clc';

export const carrierLinkCodeHash = (code: string): string => createHash('sha256').update(code, 'utf8').digest('base64url');

const termsOf = (link: CarrierLinkRecord): CarrierAccountTerms => ({
  agentId: link.agentId,
  creditLimitMinor: link.creditLimitMinor,
  currency: link.currency,
});

const sameTerms = (held: CarrierAccountTerms | undefined, terms: CarrierAccountTerms): boolean =>
  held !== undefined &&
  held.agentId === terms.agentId &&
  held.creditLimitMinor === terms.creditLimitMinor &&
  held.currency === terms.currency;

/**
 * An agent makes a link for its own books (another agent's id is 403 FORBIDDEN; an agent
 * that is not registered is 404 AGENT_NOT_FOUND naming no field, requireCallerAgent); an operator for any registered agent (404 AGENT_NOT_FOUND
 * otherwise). Flow: check who asks → a random id and code → store the link with the code's
 * hash and its expiry (now + KIPPU_CARRIER_LINK_SECONDS) → answer the code once.
 */
export const createCarrierLink = async (
  deps: CarrierLinkCreateDeps,
  agentId: string,
  input: CarrierLinkInput,
  principal: Principal,
): Promise<CarrierLinkView> => {
  if (principal.role === 'agent') {
    if (principal.subject !== agentId) {
      throw new DomainError('FORBIDDEN', 'An agent makes carrier links only for its own books.');
    }
    await requireCallerAgent(deps.parties, agentId);
  } else if ((await deps.parties.getAgent(agentId)) === undefined) {
    throw new DomainError('AGENT_NOT_FOUND', `No agent ${quoted(agentId)}.`);
  }
  const code = deps.ids.next(CODE_PREFIX);
  const now = deps.clock.now();
  const link: CarrierLinkRecord = {
    id: deps.ids.next(LINK_ID_PREFIX),
    codeHash: carrierLinkCodeHash(code),
    agentId,
    creditLimitMinor: input.creditLimitMinor,
    currency: input.currency ?? deps.defaultCurrency,
    expiresAt: new Date(now + deps.linkSeconds * 1000).toISOString(),
    createdAt: new Date(now).toISOString(),
    createdBy: describePrincipal(principal),
  };
  await deps.parties.createCarrierLink(link);
  return { id: link.id, code, ...termsOf(link), expiresAt: link.expiresAt };
};

/** The carrier account and the carrier's fee and cash accounts in its currency, opened idempotently (as createCustomer does). */
const openCarrierAccounts = async (deps: PartyDeps, customer: CustomerRecord, terms: CarrierAccountTerms): Promise<void> => {
  const agent: AgentRecord | undefined = await deps.parties.getAgent(terms.agentId);
  assert(agent !== undefined, `the carrier ${terms.agentId} of a carrier link is registered`);
  await Promise.all([
    deps.ledger.createAccount(customerCarrierAccount(customer.id, terms.currency, terms.creditLimitMinor)),
    openAgentCurrency(deps, agent, terms.currency),
  ]);
};

/** The customer's carrier account in a currency, if it was ever opened (a subscription that ended keeps it). */
const carrierAccountOf = async (deps: PartyDeps, customerId: string, currency: string): Promise<AccountView | undefined> => {
  try {
    return await deps.ledger.getAccount(customerCarrierAccountId(customerId, currency));
  } catch (error) {
    if (isDomainError(error) && error.code === 'ACCOUNT_NOT_FOUND') return undefined;
    throw error;
  }
};

const owesNothing = ({ balances }: AccountView): boolean =>
  [balances.posted, balances.debitsPending, balances.creditsPending].every((minor) => BigInt(minor) === 0n);

/**
 * What a new subscription needs of the customer's carrier accounts (docs/identity.md, "Leaving or
 * changing carrier"). A customer has one carrier account per currency, which outlives its
 * subscriptions: (1) the ledger keeps an account's credit limit, so a link whose limit differs
 * from the account's in its currency is 409 CARRIER_CREDIT_LIMIT_FIXED; (2) what the customer
 * owes its former carrier is collected by that carrier, so a link that would change who
 * collects (another carrier, or the same one in another currency, whose next end would leave
 * this account without its collector) waits until the former carrier's account owes nothing
 * and holds nothing: 409 CARRIER_BALANCE_OUTSTANDING naming the former carrier.
 */
const requireCarrierAccountsFree = async (
  deps: PartyDeps,
  customer: CustomerRecord,
  terms: CarrierAccountTerms,
): Promise<void> => {
  const former = customer.formerCarrier;
  const sameAccount = former?.currency === terms.currency;
  const [current, formerAccount] = await Promise.all([
    carrierAccountOf(deps, customer.id, terms.currency),
    former === undefined || sameAccount ? undefined : carrierAccountOf(deps, customer.id, former.currency),
  ]);
  if (current !== undefined && current.limitMinor !== terms.creditLimitMinor) {
    throw new DomainError(
      'CARRIER_CREDIT_LIMIT_FIXED',
      `Your ${terms.currency} carrier account has the credit limit ${current.limitMinor}, which a carrier link cannot change; this link offers ${terms.creditLimitMinor}.`,
    );
  }
  if (former === undefined || (former.agentId === terms.agentId && sameAccount)) return;
  const owed = sameAccount ? current : formerAccount;
  if (owed !== undefined && !owesNothing(owed)) {
    throw new DomainError(
      'CARRIER_BALANCE_OUTSTANDING',
      `Your ${former.currency} carrier account still settles with carrier ${quoted(former.agentId)}, which collects it at the next billing run; link again once it is collected.`,
    );
  }
};

/**
 * A signed-in customer redeems a carrier's code and becomes its subscriber.
 *
 * Flow: read the customer (404 CUSTOMER_NOT_FOUND) and the link by the code's hash (404
 * CARRIER_LINK_NOT_FOUND) → a link this customer redeemed already for the terms its record
 * holds is a retry: go on to the accounts → otherwise refuse a used link (409
 * CARRIER_LINK_USED), a customer who subscribes to a carrier (409 CARRIER_ACCOUNT_EXISTS naming
 * it: leave first), an expired link (409 CARRIER_LINK_EXPIRED), a link its carrier accounts cannot
 * take (requireCarrierAccountsFree) → one conditional transaction marks the link used
 * and sets the customer's `carrier` if it has none (PartyStore.redeemCarrierLink); if it did
 * not apply, read both again and answer what stopped it (a racer that used the link first, a
 * carrier account set meanwhile; a transaction that met another is tried again after the
 * shared jittered backoff, within CARRIER_LINK_REDEEM_RETRY and the invocation's time left,
 * then 409 TRANSACTION_CONFLICT) → open the carrier
 * account and the carrier's accounts in its currency (idempotent: a crash before them is
 * completed by the retry) → the customer as it now stands.
 */
export const redeemCarrierLink = async (deps: PartyDeps, code: string, principal: Principal): Promise<CustomerRecord> => {
  const codeHash = carrierLinkCodeHash(code);
  for (let attempt = 1; ; attempt += 1) {
    const [customer, link] = await Promise.all([
      requireCallerCustomer(deps.parties, principal.subject),
      deps.parties.getCarrierLink(codeHash),
    ]);
    if (link === undefined) throw new DomainError('CARRIER_LINK_NOT_FOUND', 'No carrier link has this code.');
    const terms = termsOf(link);
    if (link.redeemedBy === customer.id && sameTerms(customer.carrier, terms)) {
      await openCarrierAccounts(deps, customer, terms);
      return customer;
    }
    if (link.redeemedBy !== undefined) throw new DomainError('CARRIER_LINK_USED', 'This carrier link was used already.');
    if (customer.carrier !== undefined) {
      throw new DomainError(
        'CARRIER_ACCOUNT_EXISTS',
        `Customer ${quoted(customer.id)} subscribes to carrier ${quoted(customer.carrier.agentId)}; leave it first (DELETE /v1/me/carrier-account).`,
      );
    }
    const now = deps.clock.now();
    if (Date.parse(link.expiresAt) <= now) {
      throw new DomainError('CARRIER_LINK_EXPIRED', `This carrier link expired at ${link.expiresAt}.`);
    }
    await requireCarrierAccountsFree(deps, customer, terms);
    const outcome = await deps.parties.redeemCarrierLink({
      codeHash,
      customerId: customer.id,
      carrier: terms,
      redeemedAt: new Date(now).toISOString(),
    });
    if (outcome === 'redeemed') {
      const subscriber: CustomerRecord = { ...customer, carrier: terms };
      await openCarrierAccounts(deps, subscriber, terms);
      return subscriber;
    }
    if (attempt >= CARRIER_LINK_REDEEM_RETRY.attemptsMax || !(await backoffWithinBudget(attempt, CARRIER_LINK_REDEEM_RETRY))) {
      throw new DomainError('TRANSACTION_CONFLICT', 'The carrier link was being redeemed concurrently; try again.');
    }
  }
};
