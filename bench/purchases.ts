import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { pollOnce } from '../scripts/local/poller';
import { hottestPartition } from './capacity';
import { setUpParties } from './parties';
import {
  countAll,
  describeCountsPer,
  describeFailuresPer,
  describeReads,
  describeWrites,
  newTally,
  total,
  type Tally,
} from './requests';
import { offerDeps } from '../shared/adapters/aws/purchases-wiring';
import { sqs } from '../shared/adapters/aws/sqs-client';
import { createOffer } from '../shared/domain/offers/offers';
import { randomIds } from '../shared/ids';
import { functions } from '../shared/resources/functions';
import { queueName, settlementQueue } from '../shared/resources/queues';
import { runPool } from './pool';

/**
 * Purchases end to end (purchase-create handler, then the settlement worker fed by the same
 * receive-invoke-delete loop as the local runtime) against the emulators, with every AWS SDK
 * request counted by middleware on the shared clients, and the list-price AWS cost per
 * million purchases computed from those counts. DynamoDB capacity follows capacity.ts. Runs
 * with the signing mode of its environment (KIPPU_SIGNING); signing.ts runs it once per mode.
 *
 * Two phases. First ALONE purchases one at a time: Lambda runs one request per container,
 * so a purchase-create's duration (what Lambda bills) is its time with nothing else running
 * in the process. Then the rest at concurrency CONCURRENCY in this one process, for
 * throughput: there each invocation's wall time includes the other invocations' CPU work,
 * so it is printed but never billed. The worker drains the queue afterwards, one batch at a
 * time; its duration is its handler's time without the receive and delete around it (the
 * event source mapping's requests, not the function's). Emulator speed is far from AWS:
 * times compare versions of kippu on one machine.
 */
const PURCHASES = 200;
/** Purchases bought one at a time, each timed alone: the Lambda duration of purchase-create. */
const ALONE = 40;
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

const perPurchase = (value: number): string => (value / PURCHASES).toFixed(2);
const describeCounts = (map: ReadonlyMap<string, number>): string => describeCountsPer(map, PURCHASES);

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
  /** purchase-create's duration timed alone (one request per container, as Lambda runs it). */
  readonly purchaseCreateMs: number;
  readonly costPerMillion: number;
}

/** A customer of each of CUSTOMERS, with money for every purchase, and an offer of a provider. */
const setUpShop = async () => {
  const { config, operator, providerId, customerIds } = await setUpParties(CUSTOMERS, PRICE_MINOR * PURCHASES);
  const offer = await createOffer(
    offerDeps(process.env, config),
    randomIds.next('ofr'),
    {
      providerId,
      resource: 'server/stream',
      priceMinor: PRICE_MINOR,
      currency: 'JPY',
      validitySeconds: 600,
      capabilities: ['image'],
    },
    operator,
  );
  return { config, offer, customerIds };
};

/** `tally` is the counting middleware's (requests.ts), instrumented once per process by the caller. */
export const benchPurchases = async (print: (line: string) => void, tally: { current: Tally }): Promise<PurchaseBenchResult> => {
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
  tally.current = newTally();
  // Warm up, counted apart: module init, the signing key's public half, first connections,
  // and in delegated mode the window's key (made by the first signer, opened by the worker).
  await purchaseHandler(purchaseEvent(customerIds[0] ?? '', offer.id, -1), context);
  await pollOnce(sqs(), consumer, queueUrl, { waitSeconds: 1, log: () => {} });
  const warmUp = tally.current;
  tally.current = newTally();

  let failures = 0;
  const buy = async (index: number): Promise<number> => {
    const invoked = performance.now();
    const result = await purchaseHandler(purchaseEvent(customerIds[index % CUSTOMERS] ?? '', offer.id, index), context);
    if (result.statusCode !== 201) failures += 1;
    return performance.now() - invoked;
  };
  const started = performance.now();
  // One at a time: each purchase-create's time is a Lambda duration (one request per container).
  let aloneMilliseconds = 0;
  for (let index = 0; index < ALONE; index += 1) aloneMilliseconds += await buy(index);
  // The rest at concurrency, for throughput; their times include each other's CPU work.
  let concurrentMilliseconds = 0;
  const concurrentStarted = performance.now();
  await runPool(
    PURCHASES,
    CONCURRENCY,
    async (index) => {
      const milliseconds = await buy(index);
      concurrentMilliseconds += milliseconds;
    },
    ALONE,
  );
  const concurrentSeconds = (performance.now() - concurrentStarted) / 1000;
  const pollingBefore = tally.current.pollingMs;
  let received = 0;
  let workerInvocations = 0;
  let workerMilliseconds = 0;
  const drainStarted = performance.now();
  for (let round = 0; round < DRAIN_ROUNDS_MAX && received < PURCHASES - failures; round += 1) {
    const invoked = performance.now();
    const pollingAtStart = tally.current.pollingMs;
    const handled = await pollOnce(sqs(), consumer, queueUrl, { waitSeconds: 1, log: () => {} });
    if (handled > 0) {
      workerInvocations += 1;
      workerMilliseconds += performance.now() - invoked - (tally.current.pollingMs - pollingAtStart);
    }
    received += handled;
  }
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  const seconds = (performance.now() - started) / 1000;
  const counts = tally.current;
  const pollingMs = counts.pollingMs - pollingBefore;

  const purchaseCreateMs = aloneMilliseconds / ALONE;
  const workerMsPerPurchase = workerMilliseconds / PURCHASES;
  const lambdaInvocations = PURCHASES + workerInvocations;
  const gbSecondsPerPurchase = ((purchaseCreateMs + workerMsPerPurchase) / 1000) * LAMBDA_MEMORY_GB;
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
    lambdaCompute: gbSecondsPerPurchase * 1_000_000 * PRICES.lambdaArmGbSecond,
    apiGateway: PRICES.apiGatewayRestPerMillion,
  };
  const totalCost = Object.values(cost).reduce((sum, value) => sum + value, 0);
  const hottest = hottestPartition(counts.writesByPartition);

  print(
    `${label}: ${PURCHASES} bought through purchase-create (${failures} failed): ${ALONE} one at a time, then ${PURCHASES - ALONE} at concurrency ${CONCURRENCY} ` +
      `in ${concurrentSeconds.toFixed(2)} s = ${((PURCHASES - ALONE) / concurrentSeconds).toFixed(1)} purchases/s; settled by settlement-worker ` +
      `(${workerInvocations} batches) in ${drainSeconds.toFixed(2)} s; ${seconds.toFixed(2)} s in all, against the emulators`,
  );
  print(
    `${label}: per purchase — DynamoDB ${perPurchase(total(counts.dynamoRequests))} requests (${describeCounts(counts.dynamoRequests)}), ` +
      `${perPurchase(counts.writeUnits)} WRU + ${perPurchase(counts.readUnits)} RRU (capacity.ts); hottest partition key ${hottest.key} ` +
      `${perPurchase(hottest.writeUnits)} WRU`,
  );
  print(`${label}: write units per purchase by request and item — ${describeWrites(counts, PURCHASES)}`);
  print(`${label}: read units per purchase by request and item — ${describeReads(counts, PURCHASES)}`);
  print(`${label}: failed DynamoDB requests per purchase (not in the units above) — ${describeFailuresPer(counts, PURCHASES)}`);
  print(
    `${label}: per purchase — KMS ${perPurchase(kmsCalls)} (${describeCounts(counts.kmsRequests)}); SQS ${perPurchase(sqsCalls)} (${describeCounts(counts.sqsRequests)}); ` +
      `Lambda ${perPurchase(lambdaInvocations)} invocations (1 purchase-create + ${perPurchase(workerInvocations)} worker batches); API Gateway 1 request`,
  );
  print(
    `${label}: Lambda duration per purchase (billed, ${LAMBDA_MEMORY_GB * 1024} MB, one request per container) — purchase-create ${purchaseCreateMs.toFixed(1)} ms ` +
      `(mean of ${ALONE} timed alone) + settlement-worker ${workerMsPerPurchase.toFixed(1)} ms (its ${workerInvocations} batches ÷ ${PURCHASES}, ` +
      `without the ${pollingMs.toFixed(0)} ms of receive and delete) = ${(purchaseCreateMs + workerMsPerPurchase).toFixed(1)} ms against the emulators (AWS is faster); ` +
      `for comparison a purchase-create at concurrency ${CONCURRENCY} in one process took ${(concurrentMilliseconds / (PURCHASES - ALONE)).toFixed(1)} ms of wall time (not billed: it includes the others' CPU work)`,
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
    purchaseCreateMs,
    costPerMillion: totalCost,
  };
};

/** The prices the cost lines assume, printed once. */
export const describePrices = (): string =>
  `purchases: prices assumed (us-east-1, on-demand, no free tier): DynamoDB $${PRICES.dynamoWriteUnitPerMillion}/M WRU, $${PRICES.dynamoReadUnitPerMillion}/M RRU; ` +
  `KMS $${PRICES.kmsAsymmetricPer10k}/10k asymmetric (ECC) and $${PRICES.kmsSymmetricPer10k}/10k symmetric requests; SQS $${PRICES.sqsRequestPerMillion}/M requests; ` +
  `Lambda arm64 $${PRICES.lambdaRequestPerMillion}/M requests + $${PRICES.lambdaArmGbSecond}/GB-s; API Gateway REST $${PRICES.apiGatewayRestPerMillion}/M; ` +
  'KMS key-months, storage, logs and data transfer not included';
