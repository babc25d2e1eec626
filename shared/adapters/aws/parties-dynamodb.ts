import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AgentRecord, CustomerRecord, PartyKind, ProviderRecord } from '../../domain/parties/parties';
import type { PartyStore } from '../../domain/parties/ports';
import { assert } from '../../errors';

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
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...partyKey(kind, record.id), kind, ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return record;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const existing = await this.get<Party>(kind, record.id);
    assert(existing !== undefined, `a ${kind} that failed its create condition exists`);
    return existing;
  }

  private async get<Party>(kind: PartyKind, id: string): Promise<Party | undefined> {
    const answer = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: partyKey(kind, id), ConsistentRead: true }),
    );
    if (answer.Item === undefined) return undefined;
    const { pk: _pk, sk: _sk, kind: _kind, ...record } = answer.Item;
    return record as Party;
  }
}
