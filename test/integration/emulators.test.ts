/**
 * Runs against the emulators started by scripts/with-emulators.ts (which sets
 * AWS_ENDPOINT_URL_* and credentials); it refuses to run without them so it
 * can never touch a real AWS account.
 *
 * The counter tests show why kippu tests against DynamoDB Local rather than a
 * hand-written fake: condition expressions and transactions under real
 * concurrency behave like DynamoDB, which the ledger relies on.
 */
import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  GetItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ENDPOINT_VARS = [
  'AWS_ENDPOINT_URL_DYNAMODB',
  'AWS_ENDPOINT_URL_SQS',
  'AWS_ENDPOINT_URL_KMS',
  'AWS_ENDPOINT_URL_SCHEDULER',
] as const;
const CONCURRENT_ATTEMPTS = 100;
const COUNTER_CAP = 10;
/** Table creation is instant in DynamoDB Local, but the JVM may still be warming up. */
const SETUP_TIMEOUT_MS = 30_000;
const COUNTER_TEST_TIMEOUT_MS = 60_000;

const missing = ENDPOINT_VARS.filter((name) => !process.env[name]);
if (missing.length > 0) {
  throw new Error(
    `${missing.join(', ')} not set: run integration tests through \`tsx scripts/with-emulators.ts -- vitest run\`, never against real AWS`,
  );
}

const tableName = `kippu-emulators-test-${randomUUID()}`;
// Region, credentials and endpoint all come from the environment set by with-emulators.
const dynamo = new DynamoDBClient({});

function cappedIncrement(key: Record<string, AttributeValue>) {
  return {
    TableName: tableName,
    Key: key,
    UpdateExpression: 'ADD n :one',
    ConditionExpression: 'attribute_not_exists(n) OR n < :cap',
    ExpressionAttributeValues: { ':one': { N: '1' }, ':cap': { N: String(COUNTER_CAP) } },
  };
}

function outcome(results: PromiseSettledResult<unknown>[]): { succeeded: number; failureNames: Set<string> } {
  const failureNames = new Set<string>();
  let succeeded = 0;
  for (const result of results) {
    if (result.status === 'fulfilled') succeeded++;
    else failureNames.add(result.reason instanceof Error ? result.reason.name : String(result.reason));
  }
  return { succeeded, failureNames };
}

async function readCounter(key: Record<string, AttributeValue>): Promise<AttributeValue | undefined> {
  const { Item } = await dynamo.send(new GetItemCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  return Item?.n;
}

describe('DynamoDB Local', () => {
  beforeAll(async () => {
    await dynamo.send(
      new CreateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await dynamo.send(new DeleteTableCommand({ TableName: tableName }));
    dynamo.destroy();
  });

  it(
    'lets exactly ten of a hundred concurrent capped transactional increments through',
    async () => {
      // Prepare
      const key = { pk: { S: `transact-${randomUUID()}` } };
      const increment = () => dynamo.send(new TransactWriteItemsCommand({ TransactItems: [{ Update: cappedIncrement(key) }] }));

      // Act
      const results = await Promise.allSettled(Array.from({ length: CONCURRENT_ATTEMPTS }, increment));

      // Assess
      const { succeeded, failureNames } = outcome(results);
      expect(succeeded).toBe(COUNTER_CAP);
      // Losers are cancelled by the condition (or by a conflict the SDK gave up retrying), never anything else.
      for (const name of failureNames) {
        expect(['TransactionCanceledException', 'TransactionConflictException']).toContain(name);
      }
      expect(await readCounter(key)).toEqual({ N: String(COUNTER_CAP) });
    },
    COUNTER_TEST_TIMEOUT_MS,
  );

  it(
    'lets exactly ten of a hundred concurrent capped conditional updates through',
    async () => {
      // Prepare
      const key = { pk: { S: `update-${randomUUID()}` } };
      const increment = () => dynamo.send(new UpdateItemCommand(cappedIncrement(key)));

      // Act
      const results = await Promise.allSettled(Array.from({ length: CONCURRENT_ATTEMPTS }, increment));

      // Assess
      const { succeeded, failureNames } = outcome(results);
      expect(succeeded).toBe(COUNTER_CAP);
      expect([...failureNames]).toEqual(['ConditionalCheckFailedException']);
      expect(await readCounter(key)).toEqual({ N: String(COUNTER_CAP) });
    },
    COUNTER_TEST_TIMEOUT_MS,
  );
});

describe('moto', () => {
  it('answers SQS, KMS and EventBridge Scheduler calls on their endpoints', async () => {
    // Prepare
    const sqs = new SQSClient({});
    const kms = new KMSClient({});
    const scheduler = new SchedulerClient({});

    // Act
    const [queues, keys, schedules] = await Promise.all([
      sqs.send(new ListQueuesCommand({})),
      kms.send(new ListKeysCommand({})),
      scheduler.send(new ListSchedulesCommand({})),
    ]);

    // Assess
    expect(queues.$metadata.httpStatusCode).toBe(200);
    expect(keys.$metadata.httpStatusCode).toBe(200);
    expect(schedules.$metadata.httpStatusCode).toBe(200);
    expect(Array.isArray(schedules.Schedules)).toBe(true);
    for (const client of [sqs, kms, scheduler]) client.destroy();
  });
});
