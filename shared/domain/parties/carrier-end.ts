import { DomainError, quoted } from '../../errors';
import { CARRIER_END_ATTEMPTS_MAX } from '../../limits';
import { describePrincipal, type Principal } from '../principal';
import type { EndedCarrierTerms } from './carrier-terms';
import type { CustomerRecord, PartyDeps } from './parties';
import { requireCallerCustomer } from './require';

/**
 * Ending a carrier subscription (SPEC S4): the customer leaves its carrier, or the carrier (or
 * an operator) ends a subscriber. From then on the customer's purchases and reconfirms take the
 * wallet route (docs/purchases.md); a purchase authorized on the carrier route keeps its hold on
 * the carrier account and settles there, as a provider's trust change leaves it. Nothing in the
 * ledger changes: the carrier account stays open with what the customer owes on it, which its
 * carrier collects at the next billing runs (the customer's `formerCarrier`, carrier-terms.ts), and
 * remittances still apply to it.
 */

/**
 * Who may end a customer's subscription, and whether it is the caller's to see at all: the
 * customer itself; its carrier (the current one, or the former one of a subscription that ended,
 * so that a repeat answers the same); an operator. Anyone else is 404 CUSTOMER_NOT_FOUND, as
 * reading the customer would be (no agent learns whom another carrier serves).
 */
const requireEndable = async (deps: Pick<PartyDeps, 'parties'>, customerId: string, principal: Principal) => {
  if (principal.role === 'customer') return requireCallerCustomer(deps.parties, principal.subject);
  const customer =
    principal.role === 'operator' || principal.role === 'agent' ? await deps.parties.getCustomer(customerId) : undefined;
  const carrierOfRecord = customer?.carrier?.agentId ?? customer?.formerCarrier?.agentId;
  if (customer === undefined || (principal.role === 'agent' && carrierOfRecord !== principal.subject)) {
    throw new DomainError('CUSTOMER_NOT_FOUND', `No customer ${quoted(customerId)} subscribes to you.`);
  }
  return customer;
};

/**
 * Ends the customer's carrier subscription and answers the customer as it now stands (no
 * `carrier`; the ended terms as `formerCarrier`; the carrier account still among its accounts).
 *
 * Flow: read the customer and check who asks (requireEndable) → no current carrier: a
 * subscription that ended already is answered as it stands (DELETE is idempotent), a customer
 * that never had one is 409 CARRIER_ACCOUNT_NOT_FOUND → one conditional write removes
 * `carrier` and keeps its terms as `formerCarrier`, if the carrier is still the one read
 * (PartyStore.endCarrier) → if it was not (ended or relinked meanwhile), read again and decide
 * again, at most CARRIER_END_ATTEMPTS_MAX times, then 409 TRANSACTION_CONFLICT.
 */
export const endCarrierAccount = async (
  deps: Pick<PartyDeps, 'parties' | 'clock'>,
  customerId: string,
  principal: Principal,
): Promise<CustomerRecord> => {
  for (let attempt = 1; attempt <= CARRIER_END_ATTEMPTS_MAX; attempt += 1) {
    const customer = await requireEndable(deps, customerId, principal);
    const { carrier, ...rest } = customer;
    if (carrier === undefined) {
      if (customer.formerCarrier !== undefined) return customer;
      throw new DomainError('CARRIER_ACCOUNT_NOT_FOUND', `Customer ${quoted(customer.id)} subscribes to no carrier.`);
    }
    const ended: EndedCarrierTerms = {
      ...carrier,
      endedAt: new Date(deps.clock.now()).toISOString(),
      endedBy: describePrincipal(principal),
    };
    if (await deps.parties.endCarrier(customer.id, ended)) return { ...rest, formerCarrier: ended };
  }
  throw new DomainError('TRANSACTION_CONFLICT', 'The carrier subscription was changing concurrently; try again.');
};
