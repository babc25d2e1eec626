import type { CarrierAccountTerms, CustomerRecord } from './parties';

/**
 * A customer's carrier subscriptions, now and before: who collects which carrier account. A
 * customer has one carrier account per currency (`carrier:<customer>:<CUR>`, accounts.ts), which
 * stays open when the subscription ends (carrier-end.ts): what is owed on it is collected by the
 * carrier it was owed to, and a new link with another carrier waits until it is (carrier-links.ts).
 */

/** A carrier subscription that ended: its terms, when and by whom. */
export interface EndedCarrierTerms extends CarrierAccountTerms {
  readonly endedAt: string;
  /** Who ended it: the customer, the carrier or an operator (describePrincipal); an audit field. */
  readonly endedBy: string;
}

/** What a caller sees of an ended subscription: its terms and when it ended. */
export const publicFormerCarrier = ({ endedBy: _endedBy, ...former }: EndedCarrierTerms) => former;

/**
 * The terms of the customer's carrier accounts: the current carrier's, and the former carrier's
 * when it is in another currency (in the same currency the account is one and the same).
 */
export const carrierTermsHeld = (customer: CustomerRecord): CarrierAccountTerms[] => {
  const { carrier, formerCarrier } = customer;
  const held: CarrierAccountTerms[] = carrier === undefined ? [] : [carrier];
  if (formerCarrier !== undefined && formerCarrier.currency !== carrier?.currency) held.push(formerCarrier);
  return held;
};

/**
 * The carrier that collects the customer's carrier account in a currency: the current carrier in
 * its currency, else the former one (a subscription that ended still owes until collected).
 */
export const carrierCollectorOf = (customer: CustomerRecord, currency: string): string | undefined =>
  [customer.carrier, customer.formerCarrier].find((terms) => terms?.currency === currency)?.agentId;
