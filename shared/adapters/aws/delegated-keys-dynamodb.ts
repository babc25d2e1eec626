import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DelegatedKeyRecord, DelegatedKeyStore } from '../../domain/signing/ports';
import { assert } from '../../errors';
import { putIfAbsent, storedInstead } from './conditional-writes';
import { readItem, recordOf } from './items';

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

const toKeyRecord = (item: Record<string, unknown>): DelegatedKeyRecord => recordOf(item, 'ttl');

export class DynamoDelegatedKeyStore implements DelegatedKeyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(notBefore: number) {
    const item = await readItem(this.client, this.tableName, { pk: PARTITION, sk: sortKeyOf(notBefore) });
    return item === undefined ? undefined : toKeyRecord(item);
  }

  async create(record: DelegatedKeyRecord) {
    const created = await putIfAbsent(this.client, {
      TableName: this.tableName,
      Item: { pk: PARTITION, sk: sortKeyOf(record.notBefore), ttl: record.validUntil + CLEANUP_AFTER_SECONDS, ...record },
    });
    if (created) return { created: true, record };
    return { created: false, record: await storedInstead(this.get(record.notBefore), 'a delegated key') };
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
    return (answer.Items ?? []).map((item) => toKeyRecord(item));
  }
}
