import type { CarrierLinkRecord, CarrierLinkRedemption, RedemptionOutcome } from './carrier-links';
import type { EndedCarrierTerms } from './carrier-terms';
import type { AgentRecord, CustomerRecord, PartyKind, ProviderRecord, ProxySettlement } from './parties';

/**
 * Where providers, agents and customers are kept, declared by their consumer (party
 * creation, top-ups, offers, purchases, carrier links). Records never change once written but
 * for the currencies their accounts were opened in later (`addCurrency`), a provider's trust for
 * proxy settlement (`setProviderTrust`) and a customer's
 * carrier account, set by a redeemed carrier link (`redeemCarrierLink`) and ended by the customer
 * or its carrier (`endCarrier`), the ended terms kept as its `formerCarrier`. No DomainError:
 * an absent party is `undefined` (the use case names the missing one, e.g. PROVIDER_NOT_FOUND);
 * infrastructure failures propagate.
 */
export interface PartyStore {
  /**
   * Each create stores the record unless its id exists (a conditional write) and returns
   * what is stored: the first record written with an id wins, a repeat gets it back.
   */
  createProvider(record: ProviderRecord): Promise<ProviderRecord>;
  getProvider(id: string): Promise<ProviderRecord | undefined>;
  /**
   * Sets a stored provider's `proxySettlement` to `setting` when its `trusted` differs (one
   * conditional write, so concurrent changes are applied one after the other), and answers the
   * provider as stored afterwards: changed, or as it was when it already had this `trusted`
   * (its `changedAt` kept). A change also records the trust it replaces as
   * `trustedAtRegistration` when the provider has none (one registered before it was kept).
   * Undefined when there is no such provider.
   */
  setProviderTrust(id: string, setting: Required<ProxySettlement>): Promise<ProviderRecord | undefined>;
  createAgent(record: AgentRecord): Promise<AgentRecord>;
  getAgent(id: string): Promise<AgentRecord | undefined>;
  createCustomer(record: CustomerRecord): Promise<CustomerRecord>;
  getCustomer(id: string): Promise<CustomerRecord | undefined>;
  /**
   * Adds a currency to a stored party's `openedCurrencies` (a set: adding one it holds, or
   * adding concurrently, leaves it once). A party that is not stored stays absent.
   */
  addCurrency(kind: PartyKind, id: string, currency: string): Promise<void>;
  /** Stores a new carrier link under its code's hash (a hash that exists is kept: codes are random, so it never is). */
  createCarrierLink(record: CarrierLinkRecord): Promise<void>;
  getCarrierLink(codeHash: string): Promise<CarrierLinkRecord | undefined>;
  /**
   * One atomic step: the link is marked redeemed by the customer, if it exists, is not
   * redeemed and expires after `redeemedAt`; and the customer's `carrier` is set, if the
   * customer exists and has none. Both or neither (RedemptionOutcome says which and why not).
   */
  redeemCarrierLink(redemption: CarrierLinkRedemption): Promise<RedemptionOutcome>;
  /**
   * One conditional write: when the customer's `carrier` is `ended`'s terms, it is removed and
   * `ended` (those terms with when and by whom) becomes the customer's `formerCarrier`. False
   * when the customer is not stored or its carrier is another (none, or a new link): nothing written.
   */
  endCarrier(customerId: string, ended: EndedCarrierTerms): Promise<boolean>;
}
