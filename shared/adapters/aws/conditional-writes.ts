import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DeleteCommandInput,
  type DynamoDBDocumentClient,
  type PutCommandInput,
  type TransactWriteCommandInput,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { assert } from '../../errors';

/**
 * Conditional writes whose failed condition is an answer, not an error: the item was created
 * already (by a retry or a racer), the status moved on, the watermark is ahead. Anything else
 * propagates.
 */
const conditionHeld = async (write: Promise<unknown>): Promise<boolean> => {
  try {
    await write;
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};

/** One conditional PutItem; false when its condition did not hold (nothing was written). */
export const putIfHeld = (client: DynamoDBDocumentClient, input: PutCommandInput): Promise<boolean> =>
  conditionHeld(client.send(new PutCommand(input)));

/** One conditional UpdateItem; false when its condition did not hold (nothing was written). */
export const updateIfHeld = (client: DynamoDBDocumentClient, input: UpdateCommandInput): Promise<boolean> =>
  conditionHeld(client.send(new UpdateCommand(input)));

/** One conditional DeleteItem; false when its condition did not hold (nothing was deleted). */
export const deleteIfHeld = (client: DynamoDBDocumentClient, input: DeleteCommandInput): Promise<boolean> =>
  conditionHeld(client.send(new DeleteCommand(input)));

/** Puts an item unless one with its key exists; true when this put created it. */
export const putIfAbsent = (
  client: DynamoDBDocumentClient,
  input: Omit<PutCommandInput, 'ConditionExpression'>,
): Promise<boolean> => putIfHeld(client, { ...input, ConditionExpression: 'attribute_not_exists(pk)' });

/** What a create that found its key taken answers: the stored record, which must be there. */
export const storedInstead = async <Stored>(read: Promise<Stored | undefined>, what: string): Promise<Stored> => {
  const stored = await read;
  assert(stored !== undefined, `${what} that failed its create condition exists`);
  return stored;
};

/** An item of a TransactWriteItems that only creates: it cancels the transaction when its key exists. */
export const putNew = (tableName: string, item: Record<string, unknown>) => ({
  Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' },
});

/** An item of a TransactWriteItems that deletes: it cancels the transaction when its key does not exist. */
export const deleteExisting = (tableName: string, key: Readonly<Record<string, string>>) => ({
  Delete: { TableName: tableName, Key: key, ConditionExpression: 'attribute_exists(pk)' },
});

/** Writes `items` in one TransactWriteItems call: all of them, or none (a failed condition cancels it). */
export const transactWrite = async (
  client: DynamoDBDocumentClient,
  items: NonNullable<TransactWriteCommandInput['TransactItems']>,
): Promise<void> => {
  await client.send(new TransactWriteCommand({ TransactItems: items }));
};
