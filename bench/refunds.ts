import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { pollOnce } from '../scripts/local/poller';
import { offerDeps } from '../shared/adapters/aws/purchases-wiring';
import { sqs } from '../shared/adapters/aws/sqs-client';
import { createOffer } from '../shared/domain/offers/offers';
import { randomIds } from '../shared/ids';
import { functions } from '../shared/resources/functions';
import { queueName, settlementQueue } from '../shared/resources/queues';
import { apiEvent, handlerOf } from './api-events';
import { setUpParties } from './parties';
import { countAll, describeCountsPer, describeReads, describeWrites, newTally, total, type Tally } from './requests';

/**
 * Refunds of settled purchases through the real purchase-refund handler against the
 * emulators, as the offer's provider, one at a time, with every AWS request counted by the
 * purchase bench's middleware (requests.ts; run in its process, so once per signing mode).
 * The purchases are bought and settled first (not counted); one refund warms the function up
 * (counted apart: in delegated mode it opens the window's key, one KMS Decrypt per container).
 */
const REFUNDS = 20;
const PRICE_MINOR = 1_000;
const DRAIN_ROUNDS_MAX = 100;

/** REFUNDS + 1 purchases of one customer, bought and settled (not counted). */
const settledPurchases = async (tally: { current: Tally }) => {
  const { config, operator, providerId, customerIds } = await setUpParties(1, PRICE_MINOR * (REFUNDS + 1));
  const customer = { id: customerIds[0] ?? '', role: 'customer' };
  const offer = await createOffer(
    offerDeps(process.env, config),
    randomIds.next('ofr'),
    {
      providerId,
      resource: 'server/refunds',
      priceMinor: PRICE_MINOR,
      currency: 'JPY',
      validitySeconds: 600,
      capabilities: ['image'],
    },
    operator,
  );
  const purchaseCreate = await handlerOf('purchase-create');
  const context = { awsRequestId: 'bench' } as Context;
  const purchaseIds: string[] = [];
  for (let index = 0; index <= REFUNDS; index += 1) {
    const route = { method: 'POST', resource: '/v1/purchases', path: '/v1/purchases' };
    const answer = await purchaseCreate(apiEvent(route, customer, { offerId: offer.id }, `refund-buy-${index}`), context);
    if (answer.statusCode !== 201) throw new Error(`purchase-create answered ${answer.statusCode}: ${answer.body}`);
    purchaseIds.push((JSON.parse(answer.body) as { id: string }).id);
  }
  const queueUrl =
    (await sqs().send(new GetQueueUrlCommand({ QueueName: queueName(config.stage, settlementQueue) }))).QueueUrl ?? '';
  const consumer = { queue: settlementQueue, definition: functions.settlementWorker, batchSize: 10 };
  let settled = 0;
  for (let round = 0; round < DRAIN_ROUNDS_MAX && settled < purchaseIds.length; round += 1) {
    settled += await pollOnce(sqs(), consumer, queueUrl, { waitSeconds: 1, log: () => {} });
  }
  tally.current = newTally();
  return { provider: { id: providerId, role: 'provider' }, purchaseIds };
};

/** Counts the requests of REFUNDS refunds into `tally.current` (a fresh tally); prints them per refund. */
export const benchRefunds = async (tally: { current: Tally }, print: (line: string) => void): Promise<void> => {
  const label = `refunds (KIPPU_SIGNING=${process.env.KIPPU_SIGNING ?? 'delegated'})`;
  const { provider, purchaseIds } = await settledPurchases(tally);
  const refundHandler = await handlerOf('purchase-refund');
  const context = { awsRequestId: 'bench' } as Context;
  const refund = async (purchaseId: string, index: number): Promise<number> => {
    const route = { method: 'POST', resource: '/v1/purchases/{id}/refund', path: `/v1/purchases/${purchaseId}/refund` };
    const invoked = performance.now();
    const answer = await refundHandler(apiEvent(route, provider, undefined, `refund-${index}`), context);
    if (answer.statusCode !== 200) throw new Error(`purchase-refund answered ${answer.statusCode}: ${answer.body}`);
    return performance.now() - invoked;
  };
  const [warmUpId, ...refunded] = purchaseIds;
  await refund(warmUpId ?? '', -1);
  const warmUp = tally.current;
  tally.current = newTally();
  let milliseconds = 0;
  for (const [index, purchaseId] of refunded.entries()) milliseconds += await refund(purchaseId, index);
  const counts = tally.current;
  const per = (value: number): string => (value / REFUNDS).toFixed(2);
  print(
    `${label}: per refund (${REFUNDS} settled purchases refunded by their provider through purchase-refund, one at a time) — ` +
      `DynamoDB ${per(total(counts.dynamoRequests))} requests (${describeCountsPer(counts.dynamoRequests, REFUNDS)}), ` +
      `${per(counts.writeUnits)} WRU + ${per(counts.readUnits)} RRU (capacity.ts); KMS ${per(total(counts.kmsRequests))} ` +
      `(${describeCountsPer(counts.kmsRequests, REFUNDS)}); purchase-refund ${(milliseconds / REFUNDS).toFixed(1)} ms against the emulators`,
  );
  print(`${label}: write units per refund by request and item — ${describeWrites(counts, REFUNDS)}`);
  print(`${label}: read units per refund by request and item — ${describeReads(counts, REFUNDS)}`);
  print(`${label}: KMS requests of the warm-up refund (not counted above): ${countAll(warmUp.kmsRequests)}`);
};
