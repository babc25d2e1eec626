import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { pollOnce } from '../scripts/local/poller';
import { dynamoDocumentClient } from '../shared/adapters/aws/clients';
import { kms } from '../shared/adapters/aws/kms-client';
import { partyDeps, offerDeps } from '../shared/adapters/aws/purchases-wiring';
import { sqs } from '../shared/adapters/aws/sqs-client';
import { loadConfig } from '../shared/config';
import { createOffer } from '../shared/domain/offers/offers';
import { createAgent, createCustomer, createProvider } from '../shared/domain/parties/parties';
import { topUpWallet } from '../shared/domain/parties/topup';
import { randomIds } from '../shared/ids';
import { functions } from '../shared/resources/functions';
import { queueName, settlementQueue } from '../shared/resources/queues';

/**
 * Purchases end to end (purchase-create handler, then the settlement worker fed by the same
 * receive-invoke-delete loop as the local runtime) against the emulators, with every AWS SDK
 * request counted by middleware on the shared clients, and the list-price AWS cost per
 * million purchases computed from those counts.
 *
 * DynamoDB capacity is modelled from the requests (DynamoDB Local's ConsumedCapacity for
 * transactions is not reliable): a standard write is 1 WRU per KB, a transactional write or
 * condition check 2 WRU per KB; a strongly consistent read 1 RRU per 4 KB, eventually
 * consistent 0.5, transactional 2; a write to an item that carries a GSI key adds 1 WRU per
 * index. Emulator speed is far from AWS: purchases/s compares versions on one machine.
 */
const PURCHASES = 200;
const CONCURRENCY = 16;
const CUSTOMERS = 20;
const PRICE_MINOR = 1_000;
const DRAIN_ROUNDS_MAX = 500;
const LAMBDA_MEMORY_GB = 0.5;
const KILOBYTE = 1024;
const READ_UNIT_BYTES = 4 * KILOBYTE;
const GSI_ATTRIBUTES = ['gsi1pk', 'duePk'];

/** us-east-1 list prices, on-demand, as assumed here (check https://aws.amazon.com/pricing before relying on them). */
const PRICES = {
  dynamoWriteUnitPerMillion: 0.625,
  dynamoReadUnitPerMillion: 0.125,
  kmsAsymmetricPer10k: 0.15,
  sqsRequestPerMillion: 0.4,
  lambdaRequestPerMillion: 0.2,
  lambdaArmGbSecond: 0.0000133334,
  apiGatewayRestPerMillion: 3.5,
};

interface Tally {
  dynamoRequests: Map<string, number>;
  writeUnits: number;
  readUnits: number;
  kmsRequests: Map<string, number>;
  sqsRequests: Map<string, number>;
}

const newTally = (): Tally => ({
  dynamoRequests: new Map(),
  writeUnits: 0,
  readUnits: 0,
  kmsRequests: new Map(),
  sqsRequests: new Map(),
});
const bump = (map: Map<string, number>, key: string, by = 1) => map.set(key, (map.get(key) ?? 0) + by);
/** Ledger counters are bigints (stored as DynamoDB numbers): sized as their decimal digits. */
const bytesOf = (value: unknown): number =>
  value === undefined
    ? 0
    : Buffer.byteLength(JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item)));
const writeUnitsOf = (item: unknown, perKilobyte: number): number => {
  const indexes = GSI_ATTRIBUTES.filter((name) => typeof item === 'object' && item !== null && name in item).length;
  return perKilobyte * Math.max(1, Math.ceil(bytesOf(item) / KILOBYTE)) + indexes;
};
const readUnitsOf = (bytes: number, perUnit: number): number => perUnit * Math.max(1, Math.ceil(bytes / READ_UNIT_BYTES));

type Input = Record<string, unknown>;
type Output = Record<string, unknown>;

/** Capacity model of one DynamoDB request (see the file comment). */
const dynamoUnits = (command: string, input: Input, output: Output): { write: number; read: number } => {
  const consistent = input.ConsistentRead === true ? 1 : 0.5;
  switch (command) {
    case 'PutItemCommand':
      return { write: writeUnitsOf(input.Item, 1), read: 0 };
    case 'UpdateItemCommand':
    case 'DeleteItemCommand':
      return { write: 1, read: 0 };
    case 'GetItemCommand':
      return { write: 0, read: readUnitsOf(bytesOf(output.Item), consistent) };
    case 'QueryCommand':
      return {
        write: 0,
        read: readUnitsOf(
          (output.Items as unknown[] | undefined)?.reduce<number>((sum, item) => sum + bytesOf(item), 0) ?? 0,
          consistent,
        ),
      };
    case 'BatchGetItemCommand': {
      const responses = Object.values((output.Responses ?? {}) as Record<string, unknown[]>).flat();
      return { write: 0, read: responses.reduce<number>((sum, item) => sum + readUnitsOf(bytesOf(item), consistent), 0) };
    }
    case 'TransactGetItemsCommand': {
      const responses = (output.Responses ?? []) as { Item?: unknown }[];
      return { write: 0, read: responses.reduce<number>((sum, response) => sum + readUnitsOf(bytesOf(response.Item), 2), 0) };
    }
    case 'TransactWriteItemsCommand': {
      const items = (input.TransactItems ?? []) as Record<string, { Item?: unknown }>[];
      return {
        write: items.reduce<number>((sum, action) => {
          const put = action.Put?.Item;
          return sum + (put === undefined ? 2 : writeUnitsOf(put, 2));
        }, 0),
        read: 0,
      };
    }
    default:
      return { write: 0, read: 0 };
  }
};

const instrument = (tally: { current: Tally }): void => {
  dynamoDocumentClient().middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const command = context.commandName ?? 'unknown';
      bump(tally.current.dynamoRequests, command);
      const units = dynamoUnits(command, args.input as Input, result.output as Output);
      tally.current.writeUnits += units.write;
      tally.current.readUnits += units.read;
      return result;
    },
    { step: 'initialize', name: 'purchaseBenchDynamo' },
  );
  kms().middlewareStack.add(
    (next, context) => async (args) => {
      bump(tally.current.kmsRequests, context.commandName ?? 'unknown');
      return next(args);
    },
    { step: 'initialize', name: 'purchaseBenchKms' },
  );
  sqs().middlewareStack.add(
    (next, context) => async (args) => {
      bump(tally.current.sqsRequests, context.commandName ?? 'unknown');
      return next(args);
    },
    { step: 'initialize', name: 'purchaseBenchSqs' },
  );
};

const purchaseEvent = (customerId: string, offerId: string, index: number): APIGatewayProxyEvent =>
  ({
    resource: '/v1/purchases',
    path: '/v1/purchases',
    httpMethod: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${Date.now()}-${index}` },
    body: JSON.stringify({ offerId }),
    isBase64Encoded: false,
    requestContext: { requestId: `bench-${index}`, authorizer: { claims: { sub: customerId, 'custom:role': 'customer' } } },
  }) as unknown as APIGatewayProxyEvent;

const total = (map: Map<string, number>): number => [...map.values()].reduce((sum, value) => sum + value, 0);
const perPurchase = (value: number): string => (value / PURCHASES).toFixed(2);
const describeCounts = (map: Map<string, number>): string =>
  [...map.entries()]
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([name, count]) => `${name.replace(/Command$/, '')} ${perPurchase(count)}`)
    .join(', ');

export const benchPurchases = async (print: (line: string) => void): Promise<void> => {
  const config = loadConfig(process.env);
  const operator = { role: 'operator', subject: 'op-bench' } as const;
  const parties = partyDeps(process.env, config);
  const provider = await createProvider(
    parties,
    randomIds.next('prv'),
    { name: 'Bench', proxySettlement: { trusted: false }, platformFeeBps: 1_000 },
    operator,
  );
  const agent = await createAgent(parties, randomIds.next('agt'), { name: 'Kiosk', feeBps: 300 }, operator);
  const offer = await createOffer(
    offerDeps(process.env, config),
    randomIds.next('ofr'),
    {
      providerId: provider.id,
      resource: 'server/stream',
      priceMinor: PRICE_MINOR,
      currency: 'JPY',
      validitySeconds: 600,
      capabilities: ['image'],
    },
    operator,
  );
  const customers = await Promise.all(
    Array.from({ length: CUSTOMERS }, async () => {
      const customer = await createCustomer(parties, randomIds.next('cus'), { name: 'Bench customer' }, operator);
      await topUpWallet(
        parties,
        customer.id,
        { amountMinor: PRICE_MINOR * PURCHASES, currency: 'JPY', reference: randomIds.next('ref') },
        { role: 'agent', subject: agent.id },
      );
      return customer;
    }),
  );

  const { handler: purchaseHandler } = (await import('../functions/purchase-create/handler')) as {
    handler: (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
  };
  const context = { awsRequestId: 'bench' } as Context;
  // Warm up: module init, KMS public key, first connections (not counted).
  await purchaseHandler(purchaseEvent(customers[0]?.id ?? '', offer.id, -1), context);
  const queueUrl =
    (await sqs().send(new GetQueueUrlCommand({ QueueName: queueName(config.stage, settlementQueue) }))).QueueUrl ?? '';
  const consumer = { queue: settlementQueue, definition: functions.settlementWorker, batchSize: 10 };
  await pollOnce(sqs(), consumer, queueUrl, { waitSeconds: 1, log: () => {} });

  const tally = { current: newTally() };
  instrument(tally);
  let failures = 0;
  let apiMilliseconds = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < PURCHASES) {
        const index = next;
        next += 1;
        const customer = customers[index % CUSTOMERS];
        const invoked = performance.now();
        const result = await purchaseHandler(purchaseEvent(customer?.id ?? '', offer.id, index), context);
        apiMilliseconds += performance.now() - invoked;
        if (result.statusCode !== 201) failures += 1;
      }
    }),
  );
  const createdSeconds = (performance.now() - started) / 1000;
  let received = 0;
  let workerInvocations = 0;
  let workerMilliseconds = 0;
  for (let round = 0; round < DRAIN_ROUNDS_MAX && received < PURCHASES - failures; round += 1) {
    const invoked = performance.now();
    const handled = await pollOnce(sqs(), consumer, queueUrl, { waitSeconds: 1, log: () => {} });
    if (handled > 0) {
      workerInvocations += 1;
      workerMilliseconds += performance.now() - invoked;
    }
    received += handled;
  }
  const seconds = (performance.now() - started) / 1000;
  const counts = tally.current;

  const lambdaInvocations = PURCHASES + workerInvocations;
  const gbSeconds = ((apiMilliseconds + workerMilliseconds) / 1000) * LAMBDA_MEMORY_GB;
  const kmsCalls = total(counts.kmsRequests);
  const sqsCalls = total(counts.sqsRequests);
  const scale = 1_000_000 / PURCHASES;
  const cost = {
    dynamoWrites: ((counts.writeUnits * scale) / 1_000_000) * PRICES.dynamoWriteUnitPerMillion,
    dynamoReads: ((counts.readUnits * scale) / 1_000_000) * PRICES.dynamoReadUnitPerMillion,
    kms: ((kmsCalls * scale) / 10_000) * PRICES.kmsAsymmetricPer10k,
    sqs: ((sqsCalls * scale) / 1_000_000) * PRICES.sqsRequestPerMillion,
    lambdaRequests: ((lambdaInvocations * scale) / 1_000_000) * PRICES.lambdaRequestPerMillion,
    lambdaCompute: gbSeconds * scale * PRICES.lambdaArmGbSecond,
    apiGateway: PRICES.apiGatewayRestPerMillion,
  };
  const totalCost = Object.values(cost).reduce((sum, value) => sum + value, 0);

  print(
    `purchases: ${PURCHASES} bought through purchase-create at concurrency ${CONCURRENCY} (${failures} failed) in ${createdSeconds.toFixed(2)} s, ` +
      `settled by settlement-worker (${workerInvocations} batches) — ${seconds.toFixed(2)} s in all = ${(PURCHASES / seconds).toFixed(1)} purchases/s (handler + worker) against the emulators`,
  );
  print(
    `purchases: per purchase — DynamoDB ${perPurchase(total(counts.dynamoRequests))} requests (${describeCounts(counts.dynamoRequests)}), ` +
      `modelled ${perPurchase(counts.writeUnits)} WRU + ${perPurchase(counts.readUnits)} RRU`,
  );
  print(
    `purchases: per purchase — KMS ${perPurchase(kmsCalls)} (${describeCounts(counts.kmsRequests)}); SQS ${perPurchase(sqsCalls)} (${describeCounts(counts.sqsRequests)}); ` +
      `Lambda ${perPurchase(lambdaInvocations)} invocations (1 purchase-create + ${perPurchase(workerInvocations)} worker batches), ` +
      `${((apiMilliseconds + workerMilliseconds) / PURCHASES).toFixed(0)} ms of handler time at ${LAMBDA_MEMORY_GB * 1024} MB (emulator latency; AWS is faster); API Gateway 1 request`,
  );
  print(
    `purchases: list-price AWS cost per 1 million purchases ≈ $${totalCost.toFixed(2)} = DynamoDB writes $${cost.dynamoWrites.toFixed(2)} + reads $${cost.dynamoReads.toFixed(2)} ` +
      `+ KMS $${cost.kms.toFixed(2)} + SQS $${cost.sqs.toFixed(2)} + Lambda requests $${cost.lambdaRequests.toFixed(2)} + Lambda compute $${cost.lambdaCompute.toFixed(2)} ` +
      `+ API Gateway $${cost.apiGateway.toFixed(2)}`,
  );
  print(
    `purchases: prices assumed (us-east-1, on-demand, no free tier): DynamoDB $${PRICES.dynamoWriteUnitPerMillion}/M WRU, $${PRICES.dynamoReadUnitPerMillion}/M RRU; ` +
      `KMS $${PRICES.kmsAsymmetricPer10k}/10k asymmetric (ECC) requests; SQS $${PRICES.sqsRequestPerMillion}/M requests; ` +
      `Lambda arm64 $${PRICES.lambdaRequestPerMillion}/M requests + $${PRICES.lambdaArmGbSecond}/GB-s; API Gateway REST $${PRICES.apiGatewayRestPerMillion}/M; ` +
      'KMS key-months, storage, logs and data transfer not included',
  );
};
