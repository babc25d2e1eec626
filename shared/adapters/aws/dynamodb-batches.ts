import { BatchGetCommand, BatchWriteCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { decodeJsonCursor, encodeJsonCursor } from '../../domain/cursor';
import { DomainError } from '../../errors';
import { BILLING_BATCH_ROUNDS_MAX, BILLING_BATCH_WRITE_ITEMS_MAX, BILLING_TRANSFERS_BATCH_MAX } from '../../limits';
import type { BackoffLimits } from '../../contention';
import { backoff } from './retry';

/**
 * Reads and writes of many items: BatchWriteItem and BatchGetItem in chunks of the AWS limits, retrying what DynamoDB hands
 * back unprocessed (throttling) with a jittered pause, at most BILLING_BATCH_ROUNDS_MAX rounds.
 */
type Item = Record<string, unknown>;

const UNPROCESSED_BACKOFF: BackoffLimits = { baseMilliseconds: 10, capMilliseconds: 500 };

const pause = (round: number): Promise<void> => backoff(round, UNPROCESSED_BACKOFF);

type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Item } };

const batchWrite = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  requests: readonly WriteRequest[],
): Promise<void> => {
  for (let start = 0; start < requests.length; start += BILLING_BATCH_WRITE_ITEMS_MAX) {
    let pending: WriteRequest[] = requests.slice(start, start + BILLING_BATCH_WRITE_ITEMS_MAX);
    for (let round = 1; pending.length > 0; round += 1) {
      if (round > BILLING_BATCH_ROUNDS_MAX) throw new Error(`DynamoDB left ${pending.length} writes unprocessed; try again`);
      const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (result.UnprocessedItems?.[tableName] ?? []).flatMap((request): WriteRequest[] => {
        if (request.PutRequest?.Item !== undefined) return [{ PutRequest: { Item: request.PutRequest.Item } }];
        if (request.DeleteRequest?.Key !== undefined) return [{ DeleteRequest: { Key: request.DeleteRequest.Key } }];
        return [];
      });
      if (pending.length > 0) await pause(round);
    }
  }
};

export const batchPut = (client: DynamoDBDocumentClient, tableName: string, items: readonly Item[]): Promise<void> =>
  batchWrite(
    client,
    tableName,
    items.map((Item) => ({ PutRequest: { Item } })),
  );

/** Deletes the items under these keys (a key with no item is no error). */
export const batchDelete = (client: DynamoDBDocumentClient, tableName: string, keys: readonly Item[]): Promise<void> =>
  batchWrite(
    client,
    tableName,
    keys.map((Key) => ({ DeleteRequest: { Key } })),
  );

/** The items that exist under these keys (consistent reads), in any order. */
export const batchGet = async (client: DynamoDBDocumentClient, tableName: string, keys: readonly Item[]): Promise<Item[]> => {
  const found: Item[] = [];
  for (let start = 0; start < keys.length; start += BILLING_TRANSFERS_BATCH_MAX) {
    let pending: Item[] = keys.slice(start, start + BILLING_TRANSFERS_BATCH_MAX).map((key) => ({ ...key }));
    for (let round = 1; pending.length > 0; round += 1) {
      if (round > BILLING_BATCH_ROUNDS_MAX) throw new Error(`DynamoDB left ${pending.length} reads unprocessed; try again`);
      const result = await client.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      found.push(...(result.Responses?.[tableName] ?? []));
      pending = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
      if (pending.length > 0) await pause(round);
    }
  }
  return found;
};

/**
 * One page of one partition (optionally only sort keys with `prefix`), consistent, with an
 * opaque cursor of the last sort key; a cursor that does not decode to a key of this
 * partition and prefix is INVALID_CURSOR.
 */
export const partitionPage = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  query: { readonly pk: string; readonly prefix?: string },
  page: { readonly limit: number; readonly cursor?: string },
): Promise<{ items: Item[]; nextCursor?: string; itemsRead: number }> => {
  const invalid = () => new DomainError('INVALID_CURSOR', 'The cursor was not handed out for this listing.');
  let startKey: Item | undefined;
  if (page.cursor !== undefined) {
    const sk = (decodeJsonCursor(page.cursor, invalid) as Record<string, unknown> | null)?.['sk'];
    if (typeof sk !== 'string' || !sk.startsWith(query.prefix ?? '')) throw invalid();
    startKey = { pk: query.pk, sk };
  }
  const answer = await client.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: query.prefix === undefined ? 'pk = :pk' : 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': query.pk, ...(query.prefix === undefined ? {} : { ':prefix': query.prefix }) },
      Limit: page.limit,
      ConsistentRead: true,
      ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
    }),
  );
  const last = answer.LastEvaluatedKey;
  return {
    items: answer.Items ?? [],
    itemsRead: answer.ScannedCount ?? 0,
    ...(last === undefined ? {} : { nextCursor: encodeJsonCursor({ sk: String(last['sk']) }) }),
  };
};
