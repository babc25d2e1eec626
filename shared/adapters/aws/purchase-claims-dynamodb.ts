import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { IdempotentRequest } from '../../domain/idempotency/idempotency';
import type { IdempotencyRecord } from '../../domain/idempotency/ports';
import type { PurchaseClaim, PurchaseClaimStore, PurchaseKeys } from '../../domain/purchases/ports';
import { PURCHASE_REQUEST, purchaseRequestOf, type PurchaseRecord } from '../../domain/purchases/purchase';
import { assert } from '../../errors';
import { deleteIfHeld, updateIfHeld } from './conditional-writes';
import { readItem } from './items';

/**
 * The idempotency record of the request that makes a purchase, in the purchase's own item
 * (`PURCHASE#<id>` / `PURCHASE`) as the map attribute `idempotency`. While the item holds no
 * purchase (no `status`) it is only a claim: it carries `ttl` (DynamoDB removes a claim that
 * never became a purchase, or that answered a refusal, after the retention, as it removes
 * idempotency items) and no index keys, so `get` and the indexes do not see it. Storing the
 * purchase (DynamoPurchaseStore.create) removes `ttl` in the same write. Every method here is
 * one conditional write; none touches a stored purchase's attributes.
 */
export const PURCHASE_CLAIM_ATTRIBUTES = ['idempotency', 'ttl'] as const;

/** The item of a purchase (and of the claim of the request that makes it). */
export const purchaseKey = (id: string) => ({ pk: `PURCHASE#${id}`, sk: 'PURCHASE' });

/**
 * The record as stored, without what the item says already: the scope (the record's, and its
 * request's) is not stored, because the item's key is the purchase id, which derives from the
 * scope's customer and key, so a record found under it is of the very scope that asks; the
 * method and path are kept only when they differ from POST /v1/purchases. The request's body
 * is stored as sent, so a different request under the key is still named field by field.
 */
const storedRecord = <Answer>(record: IdempotencyRecord<Answer>) => {
  const { scope: _scope, request, ...rest } = record;
  const { scope: requestScope, method, path, body } = request;
  return {
    ...rest,
    request: {
      body,
      ...(requestScope === record.scope ? {} : { scope: requestScope }),
      ...(method === PURCHASE_REQUEST.method ? {} : { method }),
      ...(path === PURCHASE_REQUEST.path ? {} : { path }),
    },
  };
};

/** The record stored under the item, read back for the scope that asks (records stored whole read as they are). */
const recordOf = <Answer>(stored: unknown, scope: string): IdempotencyRecord<Answer> | undefined => {
  if (stored === undefined) return undefined;
  const record = stored as Omit<IdempotencyRecord<Answer>, 'request' | 'scope'> & {
    readonly scope?: string;
    readonly request: Partial<IdempotentRequest>;
  };
  const recordScope = record.scope ?? scope;
  return {
    ...record,
    scope: recordScope,
    request: { scope: recordScope, ...PURCHASE_REQUEST, body: {}, ...record.request },
  };
};

const names = { '#record': 'idempotency', '#state': 'state', '#status': 'status', '#ttl': 'ttl' };

/**
 * Which request the item under `key` holds its key for (PurchaseClaimStore.requestOf): one
 * consistent GetItem of the record, the status and the offer only (the item is about 1 KB, so
 * 1 RRU), none of the purchase's mapping.
 */
const requestUnder = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  key: Record<string, string>,
  scope: string,
): Promise<IdempotentRequest | undefined> => {
  const { Item: item } = await client.send(
    new GetCommand({
      TableName: tableName,
      Key: key,
      ConsistentRead: true,
      ProjectionExpression: '#record, #status, offerId',
      ExpressionAttributeNames: { '#record': names['#record'], '#status': names['#status'] },
    }),
  );
  if (item === undefined) return undefined;
  const record = recordOf(item.idempotency, scope);
  if (record !== undefined) return record.request;
  assert(typeof item.offerId === 'string', 'a purchase item without a record holds a purchase');
  return purchaseRequestOf(scope, { offerId: item.offerId });
};

/** The purchase items as the other routes of a customer's key space read them (PurchaseKeys). */
export class DynamoPurchaseKeys implements PurchaseKeys {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  requestOf(purchaseId: string, scope: string) {
    return requestUnder(this.client, this.tableName, purchaseKey(purchaseId), scope);
  }
}

export class DynamoPurchaseClaims implements PurchaseClaimStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly items: {
      readonly keyOf: (purchaseId: string) => Record<string, string>;
      readonly recordOf: (item: Record<string, unknown>) => PurchaseRecord;
    },
  ) {}

  async claim<Answer>(purchaseId: string, record: IdempotencyRecord<Answer>, nowMs: number): Promise<PurchaseClaim<Answer>> {
    const claimed = await updateIfHeld(this.client, {
      TableName: this.tableName,
      Key: this.items.keyOf(purchaseId),
      UpdateExpression: 'SET #record = :record, #ttl = :ttl',
      // Never over a stored purchase: its in-progress record is taken over with takeOver (no ttl).
      ConditionExpression:
        'attribute_not_exists(#status) AND (attribute_not_exists(#record) OR ' +
        '(#record.#state = :inProgress AND #record.leaseExpiresAtMs <= :now AND #record.fingerprint = :fingerprint))',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: {
        ':record': storedRecord(record),
        ':ttl': Math.ceil(record.expiresAtMs / 1000),
        ':inProgress': 'in_progress',
        ':now': nowMs,
        ':fingerprint': record.fingerprint,
      },
    });
    if (claimed) return { claimed: true };
    const item = await readItem(this.client, this.tableName, this.items.keyOf(purchaseId));
    assert(item !== undefined, 'a purchase item that refused a claim exists');
    return {
      claimed: false,
      existing: recordOf<Answer>(item.idempotency, record.scope),
      purchase: item.status === undefined ? undefined : this.items.recordOf(item),
    };
  }

  takeOver(purchaseId: string, fingerprint: string, seenLeaseExpiresAtMs: number, leaseExpiresAtMs: number) {
    return updateIfHeld(this.client, {
      TableName: this.tableName,
      Key: this.items.keyOf(purchaseId),
      UpdateExpression: 'SET #record.leaseExpiresAtMs = :lease',
      ConditionExpression:
        '#record.fingerprint = :fingerprint AND #record.#state = :inProgress AND #record.leaseExpiresAtMs = :seen',
      ExpressionAttributeNames: { '#record': names['#record'], '#state': names['#state'] },
      ExpressionAttributeValues: {
        ':lease': leaseExpiresAtMs,
        ':fingerprint': fingerprint,
        ':inProgress': 'in_progress',
        ':seen': seenLeaseExpiresAtMs,
      },
    });
  }

  async complete<Answer>(purchaseId: string, fingerprint: string, response: Answer) {
    await updateIfHeld(this.client, {
      TableName: this.tableName,
      Key: this.items.keyOf(purchaseId),
      UpdateExpression: 'SET #record.#state = :completed, #record.#response = :response',
      ConditionExpression: '#record.fingerprint = :fingerprint',
      ExpressionAttributeNames: { '#record': names['#record'], '#state': names['#state'], '#response': 'response' },
      ExpressionAttributeValues: { ':completed': 'completed', ':response': response, ':fingerprint': fingerprint },
    });
  }

  requestOf(purchaseId: string, scope: string) {
    return requestUnder(this.client, this.tableName, this.items.keyOf(purchaseId), scope);
  }

  async release(purchaseId: string, fingerprint: string) {
    const ours = '#record.fingerprint = :fingerprint AND #record.#state = :inProgress';
    const values = { ':fingerprint': fingerprint, ':inProgress': 'in_progress' };
    // A record that completed, or that another request took over, is not ours to give up.
    const deleted = await deleteIfHeld(this.client, {
      TableName: this.tableName,
      Key: this.items.keyOf(purchaseId),
      ConditionExpression: `${ours} AND attribute_not_exists(#status)`,
      ExpressionAttributeNames: { '#record': names['#record'], '#state': names['#state'], '#status': names['#status'] },
      ExpressionAttributeValues: values,
    });
    if (deleted) return;
    // It holds a purchase now: keep the item, end the lease so that a retry takes it over at once.
    await updateIfHeld(this.client, {
      TableName: this.tableName,
      Key: this.items.keyOf(purchaseId),
      UpdateExpression: 'SET #record.leaseExpiresAtMs = :ended',
      ConditionExpression: `${ours} AND attribute_exists(#status)`,
      ExpressionAttributeNames: { '#record': names['#record'], '#state': names['#state'], '#status': names['#status'] },
      ExpressionAttributeValues: { ...values, ':ended': 0 },
    });
  }
}
