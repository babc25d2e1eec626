import { randomUUID } from 'node:crypto';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollOnce } from '../../../scripts/local/poller';
import { dynamoDocumentClient } from '../../../shared/adapters/aws/clients';
import { DynamoPurchaseStore } from '../../../shared/adapters/aws/purchases-dynamodb';
import { settlementDeps } from '../../../shared/adapters/aws/purchases-wiring';
import { loadConfig, resourceFromEnv } from '../../../shared/config';
import type { PurchaseStore } from '../../../shared/domain/purchases/ports';
import { purchaseDocket } from '../../../shared/domain/purchases/purchase';
import { refundPurchase } from '../../../shared/domain/purchases/refund';
import { silentLogger } from '../../../shared/logger';
import { functions } from '../../../shared/resources/functions';
import { settlementQueue, SPEC_MAX_RECEIVE_COUNT } from '../../../shared/resources/queues';
import { coreTable } from '../../../shared/resources/tables';
import { makeHandler } from '../../../functions/settlement-worker/handler';
import { dynamoPurchaseWorld } from '../../fixtures/dynamo-purchases-world';
import { expectRejectedAtBound, walletPurchase } from '../../fixtures/settlement-at-bound';
import { fillToStatedBound } from '../../fixtures/stated-bound';

/**
 * The settlement worker's handler with the real adapters (DynamoDB Local, KMS in moto), fed
 * real SQS batch events. Each test builds its purchases through the domain with the same
 * adapters; messages are delivered by the test (never through the shared queue, which the
 * e2e tier's pollers also consume).
 */
const DLQ_VISIBILITY_TIMEOUT_SECONDS = 1;
const DLQ_POLL_ROUNDS_MAX = 40;

const config = loadConfig(process.env);
const tableName = resourceFromEnv(process.env, coreTable);
const client = dynamoDocumentClient();

const realWorld = (purchases?: PurchaseStore) => dynamoPurchaseWorld(purchases === undefined ? {} : { purchases });

/** A settled-to-be wallet purchase of 1,000 JPY from a provider charging 10 %, its message not yet on the queue. */
const authorizedPurchase = async (world: ReturnType<typeof realWorld>) => {
  const bought = await walletPurchase(world);
  world.queue.sent.length = 0;
  return bought;
};

const record = (body: string, receiveCount: number, purchaseId?: string): SQSRecord => ({
  messageId: randomUUID(),
  receiptHandle: randomUUID(),
  body,
  attributes: {
    ApproximateReceiveCount: String(receiveCount),
    SentTimestamp: String(Date.now()),
    SenderId: 'test',
    ApproximateFirstReceiveTimestamp: String(Date.now()),
  },
  messageAttributes:
    purchaseId === undefined
      ? {}
      : { purchaseId: { dataType: 'String', stringValue: purchaseId, stringListValues: [], binaryListValues: [] } },
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:test',
  awsRegion: 'us-east-1',
});

const batch = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

describe('the settlement worker against DynamoDB Local and KMS', () => {
  it('every message delivered twice, in one batch and again later, settles once', async () => {
    // Prepare
    const world = realWorld();
    const { provider, customer, purchase } = await authorizedPurchase(world);
    const handler = makeHandler(settlementDeps(process.env, config, silentLogger));
    const body = JSON.stringify({ purchaseId: purchase.id });

    // Act
    const first = await handler(batch(record(body, 1, purchase.id), record(body, 1, purchase.id)));
    const second = await handler(batch(record(body, 2, purchase.id)));

    // Assess
    expect(first.batchItemFailures).toEqual([]);
    expect(second.batchItemFailures).toEqual([]);
    expect((await world.purchases.get(purchase.id))?.status).toBe('settled');
    expect(await world.posted(world.accounts.revenue(provider.id))).toBe(900);
    expect(await world.posted(world.accounts.wallet(customer.id))).toBe(2_000);
    const history = await world.ledgerEntries.listEntries(world.accounts.wallet(customer.id), { limit: 100 });
    expect(history.entries.filter((entry) => entry.kind === 'post')).toHaveLength(1);
  });

  it('settles a batch in one ledger transaction; a purchase whose hold was voided is rejected alone, its record done', async () => {
    // Prepare: three purchases; the second one's hold is voided before the worker runs.
    const world = realWorld();
    const bought = [await authorizedPurchase(world), await authorizedPurchase(world), await authorizedPurchase(world)];
    const refused = bought[1]?.purchase;
    if (refused === undefined) throw new Error('three purchases were bought');
    await world.ledger.voidPending({ id: `void-${refused.id}`, pendingId: refused.holdTransferId });
    const handler = makeHandler(settlementDeps(process.env, config, silentLogger));
    const holds = new Set(bought.map(({ purchase }) => `TRANSFER#${purchase.holdTransferId}`));
    const settlingWrites: string[][] = [];
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const items = (args.input as { TransactItems?: { Update?: { Key?: { pk?: unknown } } }[] }).TransactItems ?? [];
        const updatedHolds = items.flatMap((item) => {
          const pk = item.Update?.Key?.pk;
          return typeof pk === 'string' && holds.has(pk) ? [pk] : [];
        });
        if (context.commandName === 'TransactWriteItemsCommand' && updatedHolds.length > 0) settlingWrites.push(updatedHolds);
        return next(args);
      },
      { step: 'initialize', name: 'settlementWriteCounter' },
    );

    // Act
    let result;
    try {
      result = await handler(
        batch(...bought.map(({ purchase }) => record(JSON.stringify({ purchaseId: purchase.id }), 1, purchase.id))),
      );
    } finally {
      client.middlewareStack.remove('settlementWriteCounter');
    }

    // Assess: the refused purchase is done (rejected), not retried; the other two were posted together.
    expect(result.batchItemFailures).toEqual([]);
    const statuses = await Promise.all(bought.map(async ({ purchase }) => (await world.purchases.get(purchase.id))?.status));
    expect(statuses).toEqual(['settled', 'rejected', 'settled']);
    expect(settlingWrites).toHaveLength(1);
    expect(settlingWrites[0]).toHaveLength(2);
    for (const { provider, customer, purchase } of bought) {
      const settled = purchase.id !== refused.id;
      expect(await world.posted(world.accounts.revenue(provider.id))).toBe(settled ? 900 : 0);
      expect(await world.posted(world.accounts.wallet(customer.id))).toBe(settled ? 2_000 : 3_000);
      expect(await world.pending(world.accounts.wallet(customer.id))).toBe(0);
    }
  });

  it("a purchase whose provider's revenue account is at the stated bound is rejected alone (BALANCE_OVERFLOW): hold voided, ticket revoked, the others settle, a redelivery posts nothing", async () => {
    // Prepare: two purchases of two providers; the first provider's revenue account is full on every shard.
    const world = realWorld();
    const full = await authorizedPurchase(world);
    const healthy = await authorizedPurchase(world);
    await fillToStatedBound(world.ledger, world.accounts.revenue(full.provider.id));
    const postedBefore = (await world.ledger.getAccount(world.accounts.revenue(full.provider.id))).balances.posted;
    const handler = makeHandler(settlementDeps(process.env, config, silentLogger));
    const delivered = [full, healthy].map(({ purchase }) => record(JSON.stringify({ purchaseId: purchase.id }), 1, purchase.id));

    // Act
    const answer = await handler(batch(...delivered));
    const redelivered = await handler(
      batch(...delivered.map((one) => ({ ...one, attributes: { ...one.attributes, ApproximateReceiveCount: '2' } }))),
    );

    // Assess: the refused purchase is done, not retried until the dead-letter queue.
    expect(answer.batchItemFailures).toEqual([]);
    expect(redelivered.batchItemFailures).toEqual([]);
    await expectRejectedAtBound(world, full, healthy, postedBefore);
    expect((await world.purchases.get(full.purchase.id))?.attention).toBeUndefined();
    expect(await world.posted(world.accounts.wallet(healthy.customer.id))).toBe(2_000);
  }, 60_000);

  it('a crash after posting and before the message is deleted (fault injection at markSettled) never posts twice', async () => {
    // Prepare: the purchase store throws once at "mark settled", i.e. after the linked ledger write committed.
    const store = new DynamoPurchaseStore(client, tableName);
    let crashed = false;
    const crashing = Object.assign(Object.create(store) as DynamoPurchaseStore, {
      markSettled: async (...args: Parameters<DynamoPurchaseStore['markSettled']>) => {
        if (!crashed) {
          crashed = true;
          throw new Error('injected crash after posting');
        }
        return store.markSettled(...args);
      },
    });
    const world = realWorld(crashing);
    const { provider, customer, purchase } = await authorizedPurchase(world);
    const handler = makeHandler({ ...settlementDeps(process.env, config, silentLogger), purchases: crashing });
    const delivered = record(JSON.stringify({ purchaseId: purchase.id }), 1, purchase.id);

    // Act: the first attempt fails its record, so SQS would redeliver the same message.
    const first = await handler(batch(delivered));
    const redelivered = await handler(
      batch({ ...delivered, attributes: { ...delivered.attributes, ApproximateReceiveCount: '2' } }),
    );

    // Assess
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: delivered.messageId }]);
    expect(redelivered.batchItemFailures).toEqual([]);
    expect((await world.purchases.get(purchase.id))?.status).toBe('settled');
    expect(await world.posted(world.accounts.revenue(provider.id))).toBe(900);
    expect(await world.pending(world.accounts.wallet(customer.id))).toBe(0);
    expect(await world.posted(world.accounts.wallet(customer.id))).toBe(2_000);
  });

  it('a refund between the ledger write and markSettled, then a crash: the redelivery records the settlement beside the refund', async () => {
    // Prepare: the refund runs whole inside the worker's markSettled, which then crashes (fault injection).
    const store = new DynamoPurchaseStore(client, tableName);
    let interleaved = false;
    const world = realWorld(
      Object.assign(Object.create(store) as DynamoPurchaseStore, {
        markSettled: async (...args: Parameters<DynamoPurchaseStore['markSettled']>) => {
          if (!interleaved) {
            interleaved = true;
            await refundPurchase(world.refundDeps, world.operator, args[0].id);
            throw new Error('injected crash after the refund overtook the settlement');
          }
          return store.markSettled(...args);
        },
      }),
    );
    const { provider, customer, purchase } = await authorizedPurchase(world);
    const handler = makeHandler({ ...settlementDeps(process.env, config, silentLogger), purchases: world.purchases });
    const delivered = record(JSON.stringify({ purchaseId: purchase.id }), 1, purchase.id);

    // Act
    const first = await handler(batch(delivered));
    const afterCrash = await store.get(purchase.id);
    const redelivered = await handler(
      batch({ ...delivered, attributes: { ...delivered.attributes, ApproximateReceiveCount: '2' } }),
    );

    // Assess
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: delivered.messageId }]);
    expect(afterCrash?.status).toBe('refunded');
    expect(afterCrash?.settlement).toBeUndefined();
    expect(redelivered.batchItemFailures).toEqual([]);
    const recorded = await store.get(purchase.id);
    expect(recorded?.status).toBe('refunded');
    expect(recorded?.refund).toEqual(afterCrash?.refund);
    expect(recorded?.settlement?.legs.map((leg) => leg.kind)).toEqual(['post', 'platformFee']);
    expect(purchaseDocket(recorded ?? purchase).docketId).toBe(recorded?.settlement?.docketId);
    expect(await world.posted(world.accounts.revenue(provider.id))).toBe(0);
    expect(await world.posted(world.accounts.wallet(customer.id))).toBe(3_000);
    expect(await world.pending(world.accounts.wallet(customer.id))).toBe(0);
  });

  it('a poison message on its fifth receive fails its record and flags the purchase; good records in the batch settle', async () => {
    // Prepare
    const world = realWorld();
    const poisoned = await authorizedPurchase(world);
    const healthy = await authorizedPurchase(world);
    const handler = makeHandler(settlementDeps(process.env, config, silentLogger));
    const poison = record('not json', SPEC_MAX_RECEIVE_COUNT, poisoned.purchase.id);

    // Act
    const answer = await handler(
      batch(poison, record(JSON.stringify({ purchaseId: healthy.purchase.id }), 1, healthy.purchase.id)),
    );

    // Assess
    expect(answer.batchItemFailures).toEqual([{ itemIdentifier: poison.messageId }]);
    expect((await world.purchases.get(poisoned.purchase.id))?.attention).toMatchObject({
      reason: 'SETTLEMENT_MESSAGE_MALFORMED',
      messageId: poison.messageId,
    });
    expect((await world.purchases.get(healthy.purchase.id))?.status).toBe('settled');
  });
});

describe('dead-letter redrive in the emulator', () => {
  const sqs = new SQSClient({});
  const suffix = randomUUID().slice(0, 8);
  let queueUrl = '';
  let deadLetterUrl = '';

  beforeAll(async () => {
    const deadLetter = await sqs.send(new CreateQueueCommand({ QueueName: `kippu-test-settlement-dlq-${suffix}` }));
    deadLetterUrl = deadLetter.QueueUrl ?? '';
    const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: deadLetterUrl, AttributeNames: ['QueueArn'] })))
      .Attributes?.QueueArn;
    const main = await sqs.send(
      new CreateQueueCommand({
        QueueName: `kippu-test-settlement-${suffix}`,
        Attributes: {
          // Short so that five receives take seconds; the declared queue uses 6× the worker timeout.
          VisibilityTimeout: String(DLQ_VISIBILITY_TIMEOUT_SECONDS),
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: settlementQueue.maxReceiveCount }),
        },
      }),
    );
    queueUrl = main.QueueUrl ?? '';
  });

  afterAll(async () => {
    await Promise.allSettled([
      sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl })),
      sqs.send(new DeleteQueueCommand({ QueueUrl: deadLetterUrl })),
    ]);
    sqs.destroy();
  });

  it('a poison message is received five times by the poller, moves to the dead-letter queue, and its purchase is flagged', async () => {
    // Prepare
    const world = realWorld();
    const { purchase } = await authorizedPurchase(world);
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: '{"purchaseId": 42}',
        MessageAttributes: { purchaseId: { DataType: 'String', StringValue: purchase.id } },
      }),
    );
    const consumer = { queue: settlementQueue, definition: functions.settlementWorker, batchSize: 10 };

    // Act: drive the same receive-invoke-delete loop the local runtime runs, until the emulator redrives.
    let deadLettered: string | undefined;
    for (let round = 0; round < DLQ_POLL_ROUNDS_MAX && deadLettered === undefined; round += 1) {
      await pollOnce(sqs, consumer, queueUrl, { waitSeconds: 1, log: () => {} });
      const inDeadLetter = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: deadLetterUrl, WaitTimeSeconds: 0, MessageAttributeNames: ['All'] }),
      );
      deadLettered = inDeadLetter.Messages?.[0]?.Body;
    }

    // Assess
    expect(deadLettered).toBe('{"purchaseId": 42}');
    const stored = await world.purchases.get(purchase.id);
    expect(stored?.attention?.reason).toBe('SETTLEMENT_MESSAGE_MALFORMED');
    expect(stored?.status).toBe('authorized');
  });
});
