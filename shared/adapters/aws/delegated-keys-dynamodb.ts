import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DelegatedKeyRecord, DelegatedKeyStore } from '../../domain/signing/ports';
import { assert } from '../../errors';

/**
 * Delegated keys in the core table, one item per signing window under one partition key
 * (`SIGNING_KEY`, sort key `WINDOW#<notBefore>` zero-padded so that text order is time order).
 * Writes are one per window and reads are cached per container, so one partition is plenty;
 * the JWK Set is one Query. The private half is stored only wrapped (kms-key-pairs.ts). TTL
 * removes an item a week after its keys' documents stopped being valid (cleanup only).
 */
const PARTITION = 'SIGNING_KEY';
const SORT_KEY_DIGITS = 12;
const CLEANUP_AFTER_SECONDS = 7 * 86_400;

const sortKeyOf = (notBefore: number): string => `WINDOW#${String(notBefore).padStart(SORT_KEY_DIGITS, '0')}`;

const recordOf = (item: Record<string, unknown>): DelegatedKeyRecord => {
  const { pk: _pk, sk: _sk, ttl: _ttl, ...record } = item;
  return record as unknown as DelegatedKeyRecord;
};

export class DynamoDelegatedKeyStore implements DelegatedKeyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(notBefore: number) {
    const answer = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: PARTITION, sk: sortKeyOf(notBefore) }, ConsistentRead: true }),
    );
    return answer.Item === undefined ? undefined : recordOf(answer.Item);
  }

  async create(record: DelegatedKeyRecord) {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: PARTITION,
            sk: sortKeyOf(record.notBefore),
            ttl: record.validUntil + CLEANUP_AFTER_SECONDS,
            ...record,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { created: true, record };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const existing = await this.get(record.notBefore);
    assert(existing !== undefined, 'a delegated key that failed its create condition exists');
    return { created: false, record: existing };
  }

  async list(fromNotBefore: number, toNotBefore: number) {
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': PARTITION, ':from': sortKeyOf(fromNotBefore), ':to': sortKeyOf(toNotBefore) },
      }),
    );
    // The range holds one item of about 1 KB per window, fewer than JWKS_KEYS_MAX: far below a 1 MB page.
    assert(answer.LastEvaluatedKey === undefined, 'the delegated keys of the listed windows fit one query page');
    return (answer.Items ?? []).map(recordOf);
  }
}
