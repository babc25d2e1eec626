import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AgentRecord, CustomerRecord, PartyKind, ProviderRecord } from '../../domain/parties/parties';
import type { PartyStore } from '../../domain/parties/ports';
import { putIfAbsent, storedInstead, updateIfHeld } from './conditional-writes';
import { readItem, recordOf } from './items';

/**
 * Parties in the core table: `PARTY#<kind>#<id>` / `PARTY`, written once with a conditional put;
 * the currencies opened later are a string set, `openedCurrencies`, that UpdateItem ADD grows.
 */
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

  async addCurrency(kind: PartyKind, id: string, currency: string): Promise<void> {
    await updateIfHeld(this.client, {
      TableName: this.tableName,
      Key: partyKey(kind, id),
      UpdateExpression: 'ADD openedCurrencies :currency',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':currency': new Set([currency]) },
    });
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
    if (item === undefined) return undefined;
    const { openedCurrencies } = item;
    return recordOf<Party>(
      openedCurrencies instanceof Set ? { ...item, openedCurrencies: [...openedCurrencies].map(String).sort() } : item,
      'kind',
    );
  }
}
