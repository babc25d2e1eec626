import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/**
 * Counters kept beside the items they count, changed in the same transaction, so that a limit
 * (devices per customer, credentials per party) or a reference count (pairs per device) holds
 * under any concurrency: the counter's condition fails the whole transaction.
 */
type Key = { readonly pk: string; readonly sk: string };

/**
 * One more under `key` (from nothing, 0), failing its condition when `max` are counted
 * already; with `existing`, failing instead when the item does not exist (a count kept on an
 * item that must not be created by counting).
 */
export const countUp = (tableName: string, key: Key, attribute: string, limit: { max: number } | { existing: true }) => ({
  Update: {
    TableName: tableName,
    Key: key,
    UpdateExpression: 'SET #count = if_not_exists(#count, :zero) + :one',
    ConditionExpression: 'max' in limit ? 'attribute_not_exists(#count) OR #count < :max' : 'attribute_exists(pk)',
    ExpressionAttributeNames: { '#count': attribute },
    ExpressionAttributeValues: { ':zero': 0, ':one': 1, ...('max' in limit ? { ':max': limit.max } : {}) },
  },
});

/** One fewer under `key`, failing its condition when that would leave fewer than `keep`. */
export const countDown = (tableName: string, key: Key, attribute: string, keep = 0) => ({
  Update: {
    TableName: tableName,
    Key: key,
    UpdateExpression: 'SET #count = #count - :one',
    ConditionExpression: '#count > :keep',
    ExpressionAttributeNames: { '#count': attribute },
    ExpressionAttributeValues: { ':one': 1, ':keep': keep },
  },
});

/** Which items of a cancelled transaction failed their condition; undefined for any other error. */
export const failedConditions = (error: unknown): boolean[] | undefined => {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  return (error.CancellationReasons ?? []).map((reason) => reason.Code === 'ConditionalCheckFailed');
};
