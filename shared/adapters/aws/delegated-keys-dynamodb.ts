import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { certifyingRootOf } from '../../domain/signing/delegated-keys';
import type { DelegatedKeyRecord, DelegatedKeyStore } from '../../domain/signing/ports';
import { assert } from '../../errors';
import { putIfAbsent, storedInstead, updateIfHeld } from './conditional-writes';
import { readItem, recordOf } from './items';

/**
 * Delegated keys in the core table, one item per signing window and certifying root key under
 * one partition key (`SIGNING_KEY`, sort key `WINDOW#<notBefore>#<root kid>`, the window start
 * zero-padded so that text order is time order; keys stored before root keys were part of the
 * sort key have `WINDOW#<notBefore>` alone, and are read alike). Writes are one per window
 * (two across a root key rotation) and reads are cached per container, so one partition is
 * plenty; the JWK Set is one GetItem (the longest key life) and one Query. Each key is also
 * stored by its kid (`KEY#<kid>`, a copy of the record written once the window's item is
 * stored), so that a docket read learns its key with one GetItem (`get`); keys stored before
 * that have no such item, and `get` answers undefined for them. The private half is stored only
 * wrapped (kms-key-pairs.ts). TTL removes an item a week after its keys' documents stopped
 * being valid (cleanup only).
 */
const PARTITION = 'SIGNING_KEY';
const SORT_KEY_DIGITS = 12;
const CLEANUP_AFTER_SECONDS = 7 * 86_400;
/** The item that records the longest `validUntil − notBefore` of any key created ('L' sorts before 'W'). */
const LONGEST_LIFE_KEY = { pk: PARTITION, sk: 'LONGEST_LIFE' };
/** After every window's sort key and its `#<root kid>` suffixes (base64url kids sort below '~'). */
const AFTER_SUFFIXES = '~';

/** A key by its kid ('K' sorts before 'L' and 'W': outside every window's range). */
const byKeyIdKey = (keyId: string) => ({ pk: PARTITION, sk: `KEY#${keyId}` });

const windowKeyOf = (notBefore: number): string => `WINDOW#${String(notBefore).padStart(SORT_KEY_DIGITS, '0')}`;
const sortKeyOf = (record: DelegatedKeyRecord): string => `${windowKeyOf(record.notBefore)}#${certifyingRootOf(record)}`;

const toKeyRecord = (item: Record<string, unknown>): DelegatedKeyRecord => recordOf(item, 'ttl');

export class DynamoDelegatedKeyStore implements DelegatedKeyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async window(notBefore: number) {
    return this.query(windowKeyOf(notBefore), `${windowKeyOf(notBefore)}${AFTER_SUFFIXES}`);
  }

  async create(record: DelegatedKeyRecord) {
    // First the life, so that a key is never stored without the listing reaching back to it.
    // Only ever raised: a failed condition means a longer life is recorded already.
    await updateIfHeld(this.client, {
      TableName: this.tableName,
      Key: LONGEST_LIFE_KEY,
      UpdateExpression: 'SET longestSeconds = :life',
      ConditionExpression: 'attribute_not_exists(longestSeconds) OR longestSeconds < :life',
      ExpressionAttributeValues: { ':life': record.validUntil - record.notBefore },
    });
    const key = { pk: PARTITION, sk: sortKeyOf(record) };
    const ttl = record.validUntil + CLEANUP_AFTER_SECONDS;
    const created = await putIfAbsent(this.client, { TableName: this.tableName, Item: { ...key, ttl, ...record } });
    if (created) {
      // After the window's item, so that `get` never answers a key that lost its window's race
      // (a kid is a fresh key's thumbprint: no other key writes this item).
      await this.client.send(
        new PutCommand({ TableName: this.tableName, Item: { ...byKeyIdKey(record.keyId), ttl, ...record } }),
      );
      return { created: true, record };
    }
    const stored = readItem(this.client, this.tableName, key).then((item) =>
      item === undefined ? undefined : toKeyRecord(item),
    );
    return { created: false, record: await storedInstead(stored, 'a delegated key') };
  }

  async list(fromNotBefore: number, toNotBefore: number) {
    return this.query(windowKeyOf(fromNotBefore), `${windowKeyOf(toNotBefore)}${AFTER_SUFFIXES}`);
  }

  async longestLife() {
    const item = await readItem(this.client, this.tableName, LONGEST_LIFE_KEY);
    const longest = item?.longestSeconds;
    return typeof longest === 'number' ? longest : 0;
  }

  async get(keyId: string) {
    const item = await readItem(this.client, this.tableName, byKeyIdKey(keyId));
    return item === undefined ? undefined : toKeyRecord(item);
  }

  private async query(from: string, to: string): Promise<readonly DelegatedKeyRecord[]> {
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': PARTITION, ':from': from, ':to': to },
      }),
    );
    // The range holds one item of about 1 KB per window (two across a root key rotation), fewer
    // than JWKS_KEYS_MAX: far below a 1 MB page.
    assert(answer.LastEvaluatedKey === undefined, 'the delegated keys of the listed windows fit one query page');
    return (answer.Items ?? []).map((item) => toKeyRecord(item));
  }
}
