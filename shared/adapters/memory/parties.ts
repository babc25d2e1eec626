import type { AgentRecord, CustomerRecord, ProviderRecord } from '../../domain/parties/parties';
import type { PartyStore } from '../../domain/parties/ports';

/** Parties in memory, for unit tests. Creates keep the first record with an id, as the DynamoDB store does. */
export class MemoryPartyStore implements PartyStore {
  readonly providers = new Map<string, ProviderRecord>();
  readonly agents = new Map<string, AgentRecord>();
  readonly customers = new Map<string, CustomerRecord>();

  async createProvider(record: ProviderRecord) {
    return keepFirst(this.providers, record);
  }
  async getProvider(id: string) {
    return this.providers.get(id);
  }
  async createAgent(record: AgentRecord) {
    return keepFirst(this.agents, record);
  }
  async getAgent(id: string) {
    return this.agents.get(id);
  }
  async createCustomer(record: CustomerRecord) {
    return keepFirst(this.customers, record);
  }
  async getCustomer(id: string) {
    return this.customers.get(id);
  }
}

const keepFirst = <Record extends { readonly id: string }>(map: Map<string, Record>, record: Record): Record => {
  const existing = map.get(record.id);
  if (existing !== undefined) return existing;
  map.set(record.id, record);
  return record;
};
