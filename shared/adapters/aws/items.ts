import {
  GetCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';

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

/**
 * Reads the pages of one Query in order, each from where the one before ended (the first from
 * `startKey`, when a cursor resumes the walk), at most `pagesMax` of them. `pageInput` gives
 * each page's input (its Limit may shrink as the caller fills up); `onPage` takes each answer
 * and returns false to stop. Returns where the reading stopped: undefined when the query ended.
 */
export const queryPages = async (
  client: DynamoDBDocumentClient,
  pagesMax: number,
  pageInput: () => Omit<QueryCommandInput, 'ExclusiveStartKey'>,
  onPage: (answer: QueryCommandOutput) => boolean | void,
  startKey?: Item,
): Promise<Item | undefined> => {
  let next = startKey;
  for (let page = 0; page < pagesMax; page += 1) {
    const answer = await client.send(
      new QueryCommand({ ...pageInput(), ...(next === undefined ? {} : { ExclusiveStartKey: next }) }),
    );
    next = answer.LastEvaluatedKey;
    if (onPage(answer) === false || next === undefined) break;
  }
  return next;
};
