import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;

/** One item by its key, read strongly consistent; undefined when there is none. */
export const readItem = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  key: Readonly<Record<string, string>>,
): Promise<Item | undefined> =>
  (await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;

/**
 * The record a stored item holds: the item without its keys (`pk`, `sk`) and without the
 * other attributes only the table needs (`tableOnly`: index keys, entity tags, `ttl`,
 * counters). Records are stored field by field, so what remains is the record.
 */
export const recordOf = <Stored>(item: Readonly<Item>, ...tableOnly: readonly string[]): Stored => {
  const dropped = new Set(['pk', 'sk', ...tableOnly]);
  return Object.fromEntries(Object.entries(item).filter(([name]) => !dropped.has(name))) as Stored;
};
