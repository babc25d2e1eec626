import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { pollOnce } from '../scripts/local/poller';
import { dynamoDocumentClient } from '../shared/adapters/aws/clients';
import { dynamoCapacity, hottestPartition } from './capacity';
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
 * million purchases computed from those counts. DynamoDB capacity follows the model in
 * capacity.ts. Runs with the signing mode of its environment (KIPPU_SIGNING); signing.ts runs
 * it once per mode. Emulator speed is far from AWS: purchases/s compares versions on one machine.
 */
const PURCHASES = 200;
const CONCURRENCY = 16;
const CUSTOMERS = 20;
const PRICE_MINOR = 1_000;
const DRAIN_ROUNDS_MAX = 500;
const LAMBDA_MEMORY_GB = 0.5;
/** KMS requests on asymmetric keys (priced as asymmetric, counted against the ECC quota); the rest are symmetric. */
const KMS_ASYMMETRIC_COMMANDS = ['SignCommand', 'VerifyCommand', 'GetPublicKeyCommand'];

/** us-east-1 list prices, on-demand, as assumed here (check https://aws.amazon.com/pricing before relying on them). */
const PRICES = {
  dynamoWriteUnitPerMillion: 0.625,
  dynamoReadUnitPerMillion: 0.125,
  kmsAsymmetricPer10k: 0.15,
  kmsSymmetricPer10k: 0.03,
  sqsRequestPerMillion: 0.4,
  lambdaRequestPerMillion: 0.2,
  lambdaArmGbSecond: 0.0000133334,
  apiGatewayRestPerMillion: 3.5,
};

interface Tally {
  dynamoRequests: Map<string, number>;
  writeUnits: number;
  readUnits: number;
  writesByPartition: Map<string, number>;
  kmsRequests: Map<string, number>;
  sqsRequests: Map<string, number>;
}

const newTally = (): Tally => ({
  dynamoRequests: new Map(),
  writeUnits: 0,
  readUnits: 0,
  writesByPartition: new Map(),
  kmsRequests: new Map(),
  sqsRequests: new Map(),
});
const bump = (map: Map<string, number>, key: string, by = 1) => map.set(key, (map.get(key) ?? 0) + by);

const instrument = (tally: { current: Tally }): void => {
  dynamoDocumentClient().middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const command = context.commandName ?? 'unknown';
      bump(tally.current.dynamoRequests, command);
      const use = dynamoCapacity(command, args.input as Record<string, unknown>, result.output as Record<string, unknown>);
      tally.current.writeUnits += use.write;
      tally.current.readUnits += use.read;
      for (const [partition, units] of use.writesByPartition) bump(tally.current.writesByPartition, partition, units);
      return result;
    },
    { step: 'initialize', name: 'purchaseBenchDynamo' },
  );
  kms(process.env).middlewareStack.add(
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

const total = (map: ReadonlyMap<string, number>): number => [...map.values()].reduce((sum, value) => sum + value, 0);
const perPurchase = (value: number): string => (value / PURCHASES).toFixed(2);
const describeCounts = (map: ReadonlyMap<string, number>): string =>
  [...map.entries()]
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([name, count]) => `${name.replace(/Command$/, '')} ${perPurchase(count)}`)
    .join(', ') || 'none';
const countAll = (map: ReadonlyMap<string, number>): string =>
  [...map.entries()].map(([name, count]) => `${name.replace(/Command$/, '')} ${count}`).join(', ') || 'none';

/** What the signing comparison (signing.ts) needs from one run. */
export interface PurchaseBenchResult {
  readonly mode: string;
  readonly purchases: number;
  readonly failures: number;
  /** KMS requests by command while the purchases were bought and settled (after the warm-up). */
  readonly kmsRequests: Record<string, number>;
  /** KMS requests of the warm-up purchase: the signing key's public half, and in delegated mode the window's key made and opened. */
  readonly warmUpKmsRequests: Record<string, number>;
  readonly asymmetricKmsCallsPerPurchase: number;
  readonly hottestPartition: { readonly key: string; readonly writeUnitsPerPurchase: number };
  readonly purchaseCreateMs: number;
  readonly costPerMillion: number;
}

/** A customer of each of CUSTOMERS, with money for every purchase, and an offer of a provider. */
const setUpShop = async () => {
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
  return { config, offer, customerIds: customers.map((customer) => customer.id) };
};

export const benchPurchases = async (print: (line: string) => void): Promise<PurchaseBenchResult> => {
  const mode = process.env.KIPPU_SIGNING ?? 'delegated';
  const label = `purchases (KIPPU_SIGNING=${mode})`;
  const { config, offer, customerIds } = await setUpShop();
  const { handler: purchaseHandler } = (await import('../functions/purchase-create/handler')) as {
    handler: (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
  };
  const context = { awsRequestId: 'bench' } as Context;
  const queueUrl =
    (await sqs().send(new GetQueueUrlCommand({ QueueName: queueName(config.stage, settlementQueue) }))).QueueUrl ?? '';
  const consumer = { queue: settlementQueue, definition: functions.settlementWorker, batchSize: 10 };
  const tally = { current: newTally() };
  instrument(tally);
  // Warm up, counted apart: module init, the signing key's public half, first connections,
  // and in delegated mode the window's key (made by the first signer, opened by the worker).
  await purchaseHandler(purchaseEvent(customerIds[0] ?? '', offer.id, -1), context);
  await pollOnce(sqs(), consumer, queueUrl, { waitSeconds: 1, log: () => {} });
  const warmUp = tally.current;
  tally.current = newTally();

  let failures = 0;
  let apiMilliseconds = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < PURCHASES) {
        const index = next;
        next += 1;
        const invoked = performance.now();
        const result = await purchaseHandler(purchaseEvent(customerIds[index % CUSTOMERS] ?? '', offer.id, index), context);
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
  const asymmetric = [...counts.kmsRequests].filter(([name]) => KMS_ASYMMETRIC_COMMANDS.includes(name));
  const asymmetricCalls = asymmetric.reduce((sum, [, count]) => sum + count, 0);
  const kmsCalls = total(counts.kmsRequests);
  const sqsCalls = total(counts.sqsRequests);
  const scale = 1_000_000 / PURCHASES;
  const cost = {
    dynamoWrites: ((counts.writeUnits * scale) / 1_000_000) * PRICES.dynamoWriteUnitPerMillion,
    dynamoReads: ((counts.readUnits * scale) / 1_000_000) * PRICES.dynamoReadUnitPerMillion,
    kms:
      ((asymmetricCalls * scale) / 10_000) * PRICES.kmsAsymmetricPer10k +
      (((kmsCalls - asymmetricCalls) * scale) / 10_000) * PRICES.kmsSymmetricPer10k,
    sqs: ((sqsCalls * scale) / 1_000_000) * PRICES.sqsRequestPerMillion,
    lambdaRequests: ((lambdaInvocations * scale) / 1_000_000) * PRICES.lambdaRequestPerMillion,
    lambdaCompute: gbSeconds * scale * PRICES.lambdaArmGbSecond,
    apiGateway: PRICES.apiGatewayRestPerMillion,
  };
  const totalCost = Object.values(cost).reduce((sum, value) => sum + value, 0);
  const hottest = hottestPartition(counts.writesByPartition);

  print(
    `${label}: ${PURCHASES} bought through purchase-create at concurrency ${CONCURRENCY} (${failures} failed) in ${createdSeconds.toFixed(2)} s, ` +
      `settled by settlement-worker (${workerInvocations} batches) — ${seconds.toFixed(2)} s in all = ${(PURCHASES / seconds).toFixed(1)} purchases/s (handler + worker) against the emulators`,
  );
  print(
    `${label}: per purchase — DynamoDB ${perPurchase(total(counts.dynamoRequests))} requests (${describeCounts(counts.dynamoRequests)}), ` +
      `modelled ${perPurchase(counts.writeUnits)} WRU + ${perPurchase(counts.readUnits)} RRU; hottest partition key ${hottest.key} ` +
      `${perPurchase(hottest.writeUnits)} WRU`,
  );
  print(
    `${label}: per purchase — KMS ${perPurchase(kmsCalls)} (${describeCounts(counts.kmsRequests)}); SQS ${perPurchase(sqsCalls)} (${describeCounts(counts.sqsRequests)}); ` +
      `Lambda ${perPurchase(lambdaInvocations)} invocations (1 purchase-create + ${perPurchase(workerInvocations)} worker batches), ` +
      `${((apiMilliseconds + workerMilliseconds) / PURCHASES).toFixed(0)} ms of handler time at ${LAMBDA_MEMORY_GB * 1024} MB (emulator latency; AWS is faster); API Gateway 1 request`,
  );
  print(`${label}: KMS requests of the warm-up purchase (not counted above): ${countAll(warmUp.kmsRequests)}`);
  print(
    `${label}: list-price AWS cost per 1 million purchases ≈ $${totalCost.toFixed(2)} = DynamoDB writes $${cost.dynamoWrites.toFixed(2)} + reads $${cost.dynamoReads.toFixed(2)} ` +
      `+ KMS $${cost.kms.toFixed(2)} + SQS $${cost.sqs.toFixed(2)} + Lambda requests $${cost.lambdaRequests.toFixed(2)} + Lambda compute $${cost.lambdaCompute.toFixed(2)} ` +
      `+ API Gateway $${cost.apiGateway.toFixed(2)}`,
  );
  return {
    mode,
    purchases: PURCHASES,
    failures,
    kmsRequests: Object.fromEntries(counts.kmsRequests),
    warmUpKmsRequests: Object.fromEntries(warmUp.kmsRequests),
    asymmetricKmsCallsPerPurchase: asymmetricCalls / PURCHASES,
    hottestPartition: { key: hottest.key, writeUnitsPerPurchase: hottest.writeUnits / PURCHASES },
    purchaseCreateMs: apiMilliseconds / PURCHASES,
    costPerMillion: totalCost,
  };
};

/** The prices the cost lines assume, printed once. */
export const describePrices = (): string =>
  `purchases: prices assumed (us-east-1, on-demand, no free tier): DynamoDB $${PRICES.dynamoWriteUnitPerMillion}/M WRU, $${PRICES.dynamoReadUnitPerMillion}/M RRU; ` +
  `KMS $${PRICES.kmsAsymmetricPer10k}/10k asymmetric (ECC) and $${PRICES.kmsSymmetricPer10k}/10k symmetric requests; SQS $${PRICES.sqsRequestPerMillion}/M requests; ` +
  `Lambda arm64 $${PRICES.lambdaRequestPerMillion}/M requests + $${PRICES.lambdaArmGbSecond}/GB-s; API Gateway REST $${PRICES.apiGatewayRestPerMillion}/M; ` +
  'KMS key-months, storage, logs and data transfer not included';
