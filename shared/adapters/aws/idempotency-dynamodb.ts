import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { IdempotencyRecord, IdempotencyStore } from '../../domain/idempotency/ports';
import { deleteIfHeld, putIfHeld, storedInstead } from './conditional-writes';

const keyOf = (scope: string) => ({ pk: `IDEMPOTENCY#${scope}`, sk: 'IDEMPOTENCY' });

/**
 * A stored answer as DynamoDB keeps it: its JSON deflated into a binary attribute
 * (`responseDeflated`). Answers are mostly JSON text (a body inside a JSON envelope, escaped
 * twice), which deflates to about half, and an item's write units count its bytes: most
 * completed records then fit the one write unit of their claim. Records completed before
 * (with a plain `response`) are read as they are.
 */
type StoredItem<Answer> = Omit<IdempotencyRecord<Answer>, 'response'> & {
  readonly response?: Answer;
  readonly responseDeflated?: Uint8Array;
};

const deflated = (response: unknown): Uint8Array => deflateRawSync(Buffer.from(JSON.stringify(response)));

const recordOf = <Answer>(item: StoredItem<Answer>): IdempotencyRecord<Answer> => {
  const { responseDeflated, ...record } = item;
  if (responseDeflated === undefined) return record;
  return { ...record, response: JSON.parse(inflateRawSync(responseDeflated).toString('utf8')) as Answer };
};

/** Idempotency records in the core table; `ttl` lets DynamoDB clean them up after retention. */
export class DynamoIdempotencyStore<Answer> implements IdempotencyStore<Answer> {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(record: IdempotencyRecord<Answer>, nowMs: number) {
    const claimed = await putIfHeld(this.client, {
      TableName: this.tableName,
      Item: { ...keyOf(record.scope), ...record, ttl: Math.ceil(record.expiresAtMs / 1000) },
      ConditionExpression:
        'attribute_not_exists(pk) OR (#state = :inProgress AND leaseExpiresAtMs <= :now AND fingerprint = :fingerprint)',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':inProgress': 'in_progress', ':now': nowMs, ':fingerprint': record.fingerprint },
    });
    if (claimed) return { claimed: true as const };
    return { claimed: false as const, existing: await storedInstead(this.read(record.scope), 'an idempotency record') };
  }

  private async read(scope: string): Promise<IdempotencyRecord<Answer> | undefined> {
    const answer = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keyOf(scope), ConsistentRead: true }));
    return answer.Item === undefined ? undefined : recordOf(answer.Item as StoredItem<Answer>);
  }

  async complete(scope: string, fingerprint: string, response: Answer) {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keyOf(scope),
        UpdateExpression: 'SET #state = :completed, #response = :response',
        ConditionExpression: 'fingerprint = :fingerprint',
        ExpressionAttributeNames: { '#state': 'state', '#response': 'responseDeflated' },
        ExpressionAttributeValues: { ':completed': 'completed', ':response': deflated(response), ':fingerprint': fingerprint },
      }),
    );
  }

  async release(scope: string, fingerprint: string) {
    // A record that completed, or that another request took over, is not ours to delete.
    await deleteIfHeld(this.client, {
      TableName: this.tableName,
      Key: keyOf(scope),
      ConditionExpression: 'fingerprint = :fingerprint AND #state = :inProgress',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':fingerprint': fingerprint, ':inProgress': 'in_progress' },
    });
  }
}
