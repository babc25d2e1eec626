import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AgentRecord, CustomerRecord, PartyKind, ProviderRecord } from '../../domain/parties/parties';
import type { PartyStore } from '../../domain/parties/ports';
import { putIfAbsent, storedInstead } from './conditional-writes';
import { readItem, recordOf } from './items';

/** Parties in the core table: `PARTY#<kind>#<id>` / `PARTY`, written once with a conditional put. */
const partyKey = (kind: PartyKind, id: string) => ({ pk: `PARTY#${kind}#${id}`, sk: 'PARTY' });

export class DynamoPartyStore implements PartyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  createProvider(record: ProviderRecord) {
    return this.create('provider', record);
  }
  getProvider(id: string) {
    return this.get<ProviderRecord>('provider', id);
  }
  createAgent(record: AgentRecord) {
    return this.create('agent', record);
  }
  getAgent(id: string) {
    return this.get<AgentRecord>('agent', id);
  }
  createCustomer(record: CustomerRecord) {
    return this.create('customer', record);
  }
  getCustomer(id: string) {
    return this.get<CustomerRecord>('customer', id);
  }

  private async create<Party extends { readonly id: string }>(kind: PartyKind, record: Party): Promise<Party> {
    const created = await putIfAbsent(this.client, {
      TableName: this.tableName,
      Item: { ...partyKey(kind, record.id), kind, ...record },
    });
    return created ? record : storedInstead(this.get<Party>(kind, record.id), `a ${kind}`);
  }

  private async get<Party>(kind: PartyKind, id: string): Promise<Party | undefined> {
    const item = await readItem(this.client, this.tableName, partyKey(kind, id));
    return item === undefined ? undefined : recordOf<Party>(item, 'kind');
  }
}
