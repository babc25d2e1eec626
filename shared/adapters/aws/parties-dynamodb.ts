import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CarrierLinkRecord, CarrierLinkRedemption, RedemptionOutcome } from '../../domain/parties/carrier-links';
import type { EndedCarrierTerms } from '../../domain/parties/carrier-terms';
import type { AgentRecord, CustomerRecord, PartyKind, ProviderRecord, ProxySettlement } from '../../domain/parties/parties';
import type { PartyStore } from '../../domain/parties/ports';
import { putIfAbsent, storedInstead, transactWrite, updateIfHeld } from './conditional-writes';
import { failedConditions } from './counters';
import { readItem, recordOf } from './items';

/**
 * Parties in the core table: `PARTY#<kind>#<id>` / `PARTY`, written once with a conditional put;
 * the currencies opened later are a string set, `openedCurrencies`, that UpdateItem ADD grows;
 * a provider's `proxySettlement` is replaced by one conditional UpdateItem when its trust changes.
 */
const partyKey = (kind: PartyKind, id: string) => ({ pk: `PARTY#${kind}#${id}`, sk: 'PARTY' });

/**
 * Carrier links in the core table by their code's hash, `CARRIERLINK#<hash>` / `CARRIERLINK`;
 * redeeming one updates it and the customer's party item in one TransactWriteItems.
 */
const carrierLinkKey = (codeHash: string) => ({ pk: `CARRIERLINK#${codeHash}`, sk: 'CARRIERLINK' });

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
  async setProviderTrust(id: string, setting: Required<ProxySettlement>): Promise<ProviderRecord | undefined> {
    // Whether or not the condition held (no provider, or this trust in force already), the answer is the provider as stored now.
    await updateIfHeld(this.client, {
      TableName: this.tableName,
      Key: partyKey('provider', id),
      // The condition holding, the trust replaced is the other value: recorded as registered when none is.
      UpdateExpression: 'SET proxySettlement = :setting, trustedAtRegistration = if_not_exists(trustedAtRegistration, :replaced)',
      ConditionExpression: 'attribute_exists(pk) AND proxySettlement.trusted <> :trusted',
      ExpressionAttributeValues: { ':setting': { ...setting }, ':trusted': setting.trusted, ':replaced': !setting.trusted },
    });
    return this.getProvider(id);
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

  async createCarrierLink(record: CarrierLinkRecord): Promise<void> {
    await putIfAbsent(this.client, {
      TableName: this.tableName,
      Item: { ...carrierLinkKey(record.codeHash), kind: 'carrierLink', ...record },
    });
  }

  async getCarrierLink(codeHash: string): Promise<CarrierLinkRecord | undefined> {
    const item = await readItem(this.client, this.tableName, carrierLinkKey(codeHash));
    return item === undefined ? undefined : recordOf<CarrierLinkRecord>(item, 'kind');
  }

  async redeemCarrierLink({ codeHash, customerId, carrier, redeemedAt }: CarrierLinkRedemption): Promise<RedemptionOutcome> {
    try {
      await transactWrite(this.client, [
        {
          Update: {
            TableName: this.tableName,
            Key: carrierLinkKey(codeHash),
            UpdateExpression: 'SET redeemedBy = :customerId, redeemedAt = :redeemedAt',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(redeemedBy) AND expiresAt > :redeemedAt',
            ExpressionAttributeValues: { ':customerId': customerId, ':redeemedAt': redeemedAt },
          },
        },
        {
          Update: {
            TableName: this.tableName,
            Key: partyKey('customer', customerId),
            UpdateExpression: 'SET carrier = :carrier',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(carrier)',
            ExpressionAttributeValues: { ':carrier': carrier },
          },
        },
      ]);
      return 'redeemed';
    } catch (error) {
      const failed = failedConditions(error);
      if (failed === undefined) throw error;
      return failed.includes(true) ? 'refused' : 'contended';
    }
  }

  async endCarrier(customerId: string, ended: EndedCarrierTerms): Promise<boolean> {
    return updateIfHeld(this.client, {
      TableName: this.tableName,
      Key: partyKey('customer', customerId),
      UpdateExpression: 'SET formerCarrier = :ended REMOVE carrier',
      ConditionExpression:
        'attribute_exists(pk) AND carrier.agentId = :agentId AND carrier.currency = :currency AND carrier.creditLimitMinor = :limit',
      ExpressionAttributeValues: {
        ':ended': { ...ended },
        ':agentId': ended.agentId,
        ':currency': ended.currency,
        ':limit': ended.creditLimitMinor,
      },
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
