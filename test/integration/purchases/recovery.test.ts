import { randomBytes } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteQueueCommand,
  ReceiveMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHandler as makeRecoveryHandler } from '../../../functions/purchase-recover/handler';
import { makeHandler as makeWorkerHandler } from '../../../functions/settlement-worker/handler';
import { DynamoOfferStore } from '../../../shared/adapters/aws/offers-dynamodb';
import { DynamoPartyStore } from '../../../shared/adapters/aws/parties-dynamodb';
import { pendingHoldsIndex } from '../../../shared/adapters/aws/ledger-due-index';
import { DynamoPurchaseStore, recoveryWatermarkKey } from '../../../shared/adapters/aws/purchases-dynamodb';
import { DynamoRevocationStore } from '../../../shared/adapters/aws/revocations-dynamodb';
import { SqsSettlementQueue } from '../../../shared/adapters/aws/settlement-queue-sqs';
import { createTableInput } from '../../../shared/adapters/aws/table-schema';
import { DynamoPseudonymStore, DynamoTicketStore } from '../../../shared/adapters/aws/tickets-dynamodb';
import { documentSigner } from '../../../shared/adapters/aws/signing-wiring';
import { loadConfig } from '../../../shared/config';
import { createPurchase } from '../../../shared/domain/purchases/create';
import { purchaseIdFor } from '../../../shared/domain/purchases/purchase';
import type { SettlementQueue } from '../../../shared/domain/purchases/ports';
import type { TicketStore } from '../../../shared/domain/tickets/ports';
import { randomIds } from '../../../shared/ids';
import { silentLogger } from '../../../shared/logger';
import { noMetrics } from '../../../shared/ports';
import { coreTable } from '../../../shared/resources/tables';
import { HOLD_TIMEOUT_SECONDS, makeWorld, type World } from '../../fixtures/purchases-world';
import { dropDynamoLedgers, makeDynamoLedger } from '../ledger/table';

/**
 * The purchase-recover function with the real adapters: a fresh core table and ledger table
 * per test (so no other test's holds or watermark are in the index), KMS in moto, and a
 * fresh SQS queue that the recovery sends to and the test receives from, handing what it
 * receives to the real settlement worker handler.
 */
const GRACE_SECONDS = 300;
const SETTLED_PURCHASES = 40;
const NOT_YET_DUE_PURCHASES = 10;
const RECEIVE_ROUNDS_MAX = 20;

const config = loadConfig(process.env);
const sqs = new SQSClient({});
const coreTablesMade: { client: DynamoDBClient; tableName: string }[] = [];
let queueUrl = '';

beforeAll(async () => {
  const created = await sqs.send(new CreateQueueCommand({ QueueName: `kippu-test-recovery-${randomBytes(4).toString('hex')}` }));
  queueUrl = created.QueueUrl ?? '';
});

afterAll(async () => {
  await Promise.allSettled([
    sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl })),
    dropDynamoLedgers(),
    ...coreTablesMade.map(({ client, tableName }) => client.send(new DeleteTableCommand({ TableName: tableName }))),
  ]);
  sqs.destroy();
});

/** A world on a fresh core table and a fresh ledger table, sharing one ManualClock. */
const freshWorld = async () => {
  const ledgerFixture = await makeDynamoLedger();
  const tableName = `kippu-test-core-${randomBytes(6).toString('hex')}`;
  await ledgerFixture.client.send(new CreateTableCommand(createTableInput(tableName, coreTable)));
  coreTablesMade.push({ client: ledgerFixture.client, tableName });
  const documentClient = ledgerFixture.documentClient;
  const purchases = new DynamoPurchaseStore(documentClient, tableName);
  // The ledger's hold due index as purchase-recover reads it: the ledger table, the watermark in the core table.
  const holds = pendingHoldsIndex({
    client: documentClient,
    ledgerTableName: ledgerFixture.tableName,
    watermark: { tableName, key: recoveryWatermarkKey },
  });
  const world = makeWorld({
    clock: ledgerFixture.clock,
    ledger: ledgerFixture.ledger,
    ledgerEntries: ledgerFixture.ledger,
    holds,
    parties: new DynamoPartyStore(documentClient, tableName),
    offers: new DynamoOfferStore(documentClient, tableName),
    purchases,
    ticketStore: new DynamoTicketStore(documentClient, tableName),
    pseudonyms: new DynamoPseudonymStore(documentClient, tableName),
    revocations: new DynamoRevocationStore(documentClient, tableName),
    signer: documentSigner(process.env, config),
  });
  const recovery = makeRecoveryHandler({
    config,
    logger: silentLogger,
    metrics: noMetrics,
    purchases,
    offers: world.offers,
    devices: world.devices,
    tickets: world.tickets,
    revocations: world.revocations,
    holds,
    settlementQueue: new SqsSettlementQueue(sqs, queueUrl),
    clock: ledgerFixture.clock,
    settlementGraceSeconds: GRACE_SECONDS,
    holdTimeoutSeconds: HOLD_TIMEOUT_SECONDS,
  });
  const worker = makeWorkerHandler(world.settlementDeps);
  return { world, purchases, recovery, worker };
};

/** A wallet customer with 3,000 JPY, a provider at 10 %, an offer at 1,000 JPY. */
const scene = async (world: World) => {
  const provider = await world.provider({ trusted: false, platformFeeBps: 1_000 });
  const kiosk = await world.agent();
  const customer = await world.customer();
  await world.topUp(customer.id, kiosk.id, 3_000);
  const offer = await world.offer(provider.id, 1_000);
  return { provider, customer, offer };
};

/**
 * Fault injection: the settlement queue is unreachable when the purchase request enqueues,
 * exactly as a crash after storing the purchase and issuing the ticket would leave it (the
 * client never retries).
 */
const unreachableQueue: SettlementQueue = {
  enqueue: async () => {
    throw new Error('injected: the settlement queue is unreachable');
  },
};

const strand = async (world: World, customerId: string, offerId: string): Promise<string> => {
  const key = randomIds.next('key');
  await expect(
    createPurchase(world.purchaseDeps(unreachableQueue), { role: 'customer', subject: customerId }, { offerId }, key),
  ).rejects.toThrow('injected');
  return purchaseIdFor(customerId, key);
};

/**
 * Fault injection: storing the ticket fails when the purchase request stores it, as a crash
 * after storing the purchase and before storing its ticket would leave it (DynamoDB Local
 * cannot crash a request between two writes).
 */
const strandWithoutTicket = async (world: World, customerId: string, offerId: string): Promise<string> => {
  const key = randomIds.next('key');
  const base = world.purchaseDeps(unreachableQueue);
  const ticketStore = Object.assign(Object.create(world.ticketStore) as TicketStore, {
    create: async () => {
      throw new Error('injected: the ticket is never stored');
    },
  });
  await expect(
    createPurchase(
      { ...base, tickets: { ...base.tickets, ticketStore } },
      { role: 'customer', subject: customerId },
      { offerId },
      key,
    ),
  ).rejects.toThrow('injected');
  return purchaseIdFor(customerId, key);
};

const toRecord = (message: Message): SQSRecord => ({
  messageId: message.MessageId ?? '',
  receiptHandle: message.ReceiptHandle ?? '',
  body: message.Body ?? '',
  attributes: {
    ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? '1',
    SentTimestamp: message.Attributes?.SentTimestamp ?? '0',
    SenderId: message.Attributes?.SenderId ?? 'test',
    ApproximateFirstReceiveTimestamp: message.Attributes?.ApproximateFirstReceiveTimestamp ?? '0',
  },
  messageAttributes: Object.fromEntries(
    Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
      name,
      { dataType: value.DataType ?? 'String', stringValue: value.StringValue, stringListValues: [], binaryListValues: [] },
    ]),
  ),
  md5OfBody: message.MD5OfBody ?? '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:test',
  awsRegion: 'us-east-1',
});

/** Everything on the test queue now, received and deleted, as SQS records for the worker. */
const receiveAll = async (): Promise<SQSRecord[]> => {
  const records: SQSRecord[] = [];
  for (let round = 0; round < RECEIVE_ROUNDS_MAX; round += 1) {
    const answer = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: round === 0 ? 1 : 0,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    const messages = answer.Messages ?? [];
    if (messages.length === 0) break;
    records.push(...messages.map(toRecord));
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle ?? '' })),
      }),
    );
  }
  return records;
};

const purchaseIdsOf = (records: readonly SQSRecord[]): string[] =>
  records.map((record) => (JSON.parse(record.body) as { purchaseId: string }).purchaseId);

const batch = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

describe('settlement recovery against DynamoDB Local, SQS and KMS in the emulator', () => {
  it('a purchase whose enqueue failed is sent again once per run after the grace, and the worker settles it with exact balances', async () => {
    // Prepare
    const { world, recovery, worker } = await freshWorld();
    const { provider, customer, offer } = await scene(world);
    const purchaseId = await strand(world, customer.id, offer.id);

    // Act
    world.clock.advanceSeconds(GRACE_SECONDS - 1);
    await recovery();
    const beforeGrace = await receiveAll();
    world.clock.advanceSeconds(2);
    await recovery();
    const firstRun = await receiveAll();
    await recovery();
    const secondRun = await receiveAll();
    const settled = await worker(batch(...firstRun, ...secondRun));
    await recovery();
    const afterSettlement = await receiveAll();

    // Assess
    expect(beforeGrace).toEqual([]);
    expect(purchaseIdsOf(firstRun)).toEqual([purchaseId]);
    expect(firstRun[0]?.messageAttributes['purchaseId']?.stringValue).toBe(purchaseId);
    expect(purchaseIdsOf(secondRun)).toEqual([purchaseId]);
    expect(settled.batchItemFailures).toEqual([]);
    expect((await world.purchases.get(purchaseId))?.status).toBe('settled');
    expect(await world.posted(world.accounts.wallet(customer.id))).toBe(2_000);
    expect(await world.pending(world.accounts.wallet(customer.id))).toBe(0);
    expect(await world.posted(world.accounts.revenue(provider.id))).toBe(900);
    expect(await world.posted(world.accounts.platform())).toBe(100);
    expect(afterSettlement).toEqual([]);
  });

  it('a purchase whose request crashed before storing its ticket gets that ticket from the recovery run, then settles once', async () => {
    // Prepare
    const { world, recovery, worker } = await freshWorld();
    const { provider, customer, offer } = await scene(world);
    const purchaseId = await strandWithoutTicket(world, customer.id, offer.id);
    const ticketId = (await world.purchases.get(purchaseId))?.ticketId ?? '';
    const missing = await world.ticketStore.get(ticketId);
    world.clock.advanceSeconds(GRACE_SECONDS + 1);

    // Act
    const run = await recovery();
    const received = await receiveAll();
    const answer = await worker(batch(...received));
    await recovery();
    const afterSettlement = await receiveAll();

    // Assess: the ticket stored in DynamoDB, signed by the KMS-backed signer, active; the purchase settled once.
    expect(missing).toBeUndefined();
    expect(run).toMatchObject({ enqueued: 1, ticketsIssued: 1 });
    expect(purchaseIdsOf(received)).toEqual([purchaseId]);
    expect(answer.batchItemFailures).toEqual([]);
    const ticket = await world.ticketStore.get(ticketId);
    expect(ticket).toMatchObject({ status: 'active', holderId: customer.id, providerId: provider.id });
    expect(ticket?.token.split('.')).toHaveLength(3);
    expect((await world.purchases.get(purchaseId))?.status).toBe('settled');
    expect(await world.posted(world.accounts.wallet(customer.id))).toBe(2_000);
    expect(await world.pending(world.accounts.wallet(customer.id))).toBe(0);
    expect(await world.posted(world.accounts.revenue(provider.id))).toBe(900);
    expect(afterSettlement).toEqual([]);
  });

  it('a recovered message the worker handles after the hold expired rejects the purchase, and its ticket is revoked and listed', async () => {
    // Prepare
    const { world, recovery, worker } = await freshWorld();
    const { provider, customer, offer } = await scene(world);
    const purchaseId = await strand(world, customer.id, offer.id);
    world.clock.advanceSeconds(GRACE_SECONDS + 1);
    await recovery();
    const received = await receiveAll();
    world.clock.advanceSeconds(HOLD_TIMEOUT_SECONDS);
    await world.ledger.expireDue({ limit: 10 });

    // Act: the worker gets to the message only after the hold expired.
    const answer = await worker(batch(...received));

    // Assess
    const stored = await world.purchases.get(purchaseId);
    expect(purchaseIdsOf(received)).toEqual([purchaseId]);
    expect(answer.batchItemFailures).toEqual([]);
    expect(stored?.status).toBe('rejected');
    expect(stored?.rejection?.reasonCode).toBe('PENDING_TRANSFER_EXPIRED');
    expect((await world.ticketStore.get(stored?.ticketId ?? ''))?.status).toBe('revoked');
    const list = await world.revocations.list(provider.id, 0, 10);
    expect(list.entries.map((entry) => entry.ticketId)).toEqual([stored?.ticketId]);
    expect(await world.posted(world.accounts.wallet(customer.id))).toBe(3_000);
    expect(await world.pending(world.accounts.wallet(customer.id))).toBe(0);
  });

  it("a run reads the stranded purchase's hold and the purchase alone, beside settled purchases of the same minute and purchases within the grace", async () => {
    // Prepare: purchases bought with the stranded one and settled, then (past the grace) purchases not yet due.
    const { world, recovery } = await freshWorld();
    const { customer, offer } = await scene(world);
    const kiosk = await world.agent();
    await world.topUp(customer.id, kiosk.id, 1_000 * (SETTLED_PURCHASES + NOT_YET_DUE_PURCHASES));
    const purchaseId = await strand(world, customer.id, offer.id);
    for (let index = 0; index < SETTLED_PURCHASES; index += 1) await world.buy(customer.id, { offerId: offer.id });
    expect(await world.deliverAll()).toEqual([]);
    world.clock.advanceSeconds(GRACE_SECONDS + 1);
    for (let index = 0; index < NOT_YET_DUE_PURCHASES; index += 1) await world.buy(customer.id, { offerId: offer.id });
    world.queue.sent.length = 0;

    // Act
    const crowded = await recovery();
    const crowdedSent = await receiveAll();
    world.clock.advanceSeconds(GRACE_SECONDS + 1);
    const later = await recovery();
    await receiveAll();

    // Assess: the watermark, the stranded purchase's hold, the purchase and its ticket; no settled purchase, no recent one.
    expect(purchaseIdsOf(crowdedSent)).toEqual([purchaseId]);
    expect(crowded.itemsRead).toBe(4);
    expect(crowded.enqueued).toBe(1);
    // The recent ones were in the index all along; they are read once they are past the grace.
    expect(later.enqueued).toBe(1 + NOT_YET_DUE_PURCHASES);
  });

  it('two overlapping recovery runs send the message twice and the idempotent worker posts the settlement once', async () => {
    // Prepare
    const { world, recovery, worker } = await freshWorld();
    const { provider, customer, offer } = await scene(world);
    const purchaseId = await strand(world, customer.id, offer.id);
    world.clock.advanceSeconds(GRACE_SECONDS + 1);

    // Act
    const runs = await Promise.all([recovery(), recovery()]);
    const received = await receiveAll();
    const answers = await Promise.all(received.map((record) => worker(batch(record))));

    // Assess
    expect(runs.map((run) => run.enqueued)).toEqual([1, 1]);
    expect(purchaseIdsOf(received)).toEqual([purchaseId, purchaseId]);
    expect(answers.flatMap((answer) => answer.batchItemFailures)).toEqual([]);
    expect((await world.purchases.get(purchaseId))?.status).toBe('settled');
    const history = await world.ledgerEntries.listEntries(world.accounts.wallet(customer.id), { limit: 100 });
    expect(history.entries.filter((entry) => entry.kind === 'post')).toHaveLength(1);
    expect(await world.posted(world.accounts.wallet(customer.id))).toBe(2_000);
    expect(await world.posted(world.accounts.revenue(provider.id))).toBe(900);
    expect(await world.posted(world.accounts.platform())).toBe(100);
  });
});
