import type { CarrierLinkRecord, CarrierLinkRedemption, RedemptionOutcome } from '../../domain/parties/carrier-links';
import type { EndedCarrierTerms } from '../../domain/parties/carrier-terms';
import type { AgentRecord, CustomerRecord, PartyKind, ProviderRecord, ProxySettlement } from '../../domain/parties/parties';
import type { PartyStore } from '../../domain/parties/ports';
import { putIfAbsent } from './records';

/** Parties in memory, for unit tests. Creates keep the first record with an id, as the DynamoDB store does. */
export class MemoryPartyStore implements PartyStore {
  readonly providers = new Map<string, ProviderRecord>();
  readonly agents = new Map<string, AgentRecord>();
  readonly customers = new Map<string, CustomerRecord>();
  /** Carrier links by their code's hash. */
  readonly carrierLinks = new Map<string, CarrierLinkRecord>();

  async createProvider(record: ProviderRecord) {
    return putIfAbsent(this.providers, record).stored;
  }
  async getProvider(id: string) {
    return this.providers.get(id);
  }
  async setProviderTrust(id: string, setting: Required<ProxySettlement>) {
    const provider = this.providers.get(id);
    if (provider === undefined || provider.proxySettlement.trusted === setting.trusted) return provider;
    const changed = {
      ...provider,
      proxySettlement: { ...setting },
      trustedAtRegistration: provider.trustedAtRegistration ?? provider.proxySettlement.trusted,
    };
    this.providers.set(id, changed);
    return changed;
  }
  async createAgent(record: AgentRecord) {
    return putIfAbsent(this.agents, record).stored;
  }
  async getAgent(id: string) {
    return this.agents.get(id);
  }
  async createCustomer(record: CustomerRecord) {
    return putIfAbsent(this.customers, record).stored;
  }
  async getCustomer(id: string) {
    return this.customers.get(id);
  }
  async addCurrency(kind: PartyKind, id: string, currency: string) {
    const records: Map<string, ProviderRecord | AgentRecord | CustomerRecord> = {
      provider: this.providers,
      agent: this.agents,
      customer: this.customers,
    }[kind];
    const record = records.get(id);
    if (record === undefined) return;
    records.set(id, { ...record, openedCurrencies: [...new Set([...(record.openedCurrencies ?? []), currency])].sort() });
  }
  async createCarrierLink(record: CarrierLinkRecord) {
    if (!this.carrierLinks.has(record.codeHash)) this.carrierLinks.set(record.codeHash, record);
  }
  async getCarrierLink(codeHash: string) {
    return this.carrierLinks.get(codeHash);
  }
  /** Checks and writes with no `await` in between: concurrent redeems cannot both apply. */
  async redeemCarrierLink({ codeHash, customerId, carrier, redeemedAt }: CarrierLinkRedemption): Promise<RedemptionOutcome> {
    const link = this.carrierLinks.get(codeHash);
    const customer = this.customers.get(customerId);
    if (link === undefined || link.redeemedBy !== undefined || link.expiresAt <= redeemedAt) return 'refused';
    if (customer === undefined || customer.carrier !== undefined) return 'refused';
    this.carrierLinks.set(codeHash, { ...link, redeemedBy: customerId, redeemedAt });
    this.customers.set(customerId, { ...customer, carrier });
    return 'redeemed';
  }
  /** As the DynamoDB store: only while the customer's carrier is the one ended, with no `await` in between. */
  async endCarrier(customerId: string, ended: EndedCarrierTerms) {
    const customer = this.customers.get(customerId);
    const carrier = customer?.carrier;
    if (customer === undefined || carrier === undefined) return false;
    if (carrier.agentId !== ended.agentId || carrier.currency !== ended.currency) return false;
    if (carrier.creditLimitMinor !== ended.creditLimitMinor) return false;
    const { carrier: _ended, ...rest } = customer;
    this.customers.set(customerId, { ...rest, formerCarrier: ended });
    return true;
  }
}
