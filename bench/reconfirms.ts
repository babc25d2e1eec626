import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { apiEvent, handlerOf } from './api-events';
import { setUpParties } from './parties';
import { describeCountsPer, describeFailuresPer, describeReads, describeWrites, newTally, total, type Tally } from './requests';

/**
 * Reconfirms through the real reservation-reconfirm handler against the emulators, with every
 * AWS request counted by the same middleware as the purchase bench (requests.ts; run in the
 * purchase bench's process, so once per signing mode). Each reconfirm is of its own booking
 * (reservation-create, not counted), one slot a day ahead, so the broadcaster ticket is valid
 * well within the delegated limit.
 */
const RECONFIRMS = 20;
const FEE_PER_SLOT_MINOR = 700;
const HOURS_AHEAD = 24;

const idOf = (answer: APIGatewayProxyResult, what: string): string => {
  if (answer.statusCode !== 201) throw new Error(`${what} answered ${answer.statusCode}: ${answer.body}`);
  return (JSON.parse(answer.body) as { id: string }).id;
};

/** Counts the requests of RECONFIRMS reconfirms into `tally.current` (a fresh tally); prints them per reconfirm. */
export const benchReconfirms = async (tally: { current: Tally }, print: (line: string) => void): Promise<void> => {
  const mode = process.env.KIPPU_SIGNING ?? 'delegated';
  const { config, providerId, customerIds } = await setUpParties(1, FEE_PER_SLOT_MINOR * RECONFIRMS);
  const providerWho = { id: providerId, role: 'provider' };
  const customerWho = { id: customerIds[0] ?? '', role: 'customer' };
  const channelCreate = await handlerOf('channel-create');
  const reservationCreate = await handlerOf('reservation-create');
  const reconfirm = await handlerOf('reservation-reconfirm');
  const context = { awsRequestId: 'bench' } as Context;
  const channelId = idOf(
    await channelCreate(
      apiEvent(
        { method: 'POST', resource: '/v1/channels', path: '/v1/channels' },
        providerWho,
        { name: 'Bench stage', capacity: 2, bandwidthKbps: 3_000, feePerSlotMinor: FEE_PER_SLOT_MINOR, currency: 'JPY' },
        'channel',
      ),
      context,
    ),
    'channel-create',
  );
  const slotMs = config.reservations.slotSeconds * 1000;
  const firstStartMs = Math.ceil((Date.now() + HOURS_AHEAD * 3_600_000) / slotMs) * slotMs;
  const bookingIds: string[] = [];
  for (let index = 0; index < RECONFIRMS; index += 1) {
    const body = {
      channelId,
      startsAt: new Date(firstStartMs + index * slotMs).toISOString(),
      slots: 1,
      title: 'Bench show',
      openLevel: 'public',
    };
    const route = { method: 'POST', resource: '/v1/reservations', path: '/v1/reservations' };
    bookingIds.push(
      idOf(await reservationCreate(apiEvent(route, customerWho, body, `book-${index}`), context), 'reservation-create'),
    );
  }
  tally.current = newTally();
  let failures = 0;
  for (const [index, id] of bookingIds.entries()) {
    const route = { method: 'POST', resource: '/v1/reservations/{id}/reconfirm', path: `/v1/reservations/${id}/reconfirm` };
    const answer = await reconfirm(apiEvent(route, customerWho, undefined, `reconfirm-${index}`), context);
    if (answer.statusCode !== 200) failures += 1;
  }
  const counts = tally.current;
  const per = (value: number) => (value / RECONFIRMS).toFixed(2);
  print(
    `reconfirms (KIPPU_SIGNING=${mode}): ${RECONFIRMS} through reservation-reconfirm (${failures} failed), each of its own one-slot booking a day ahead; per reconfirm — ` +
      `DynamoDB ${per(total(counts.dynamoRequests))} requests (${describeCountsPer(counts.dynamoRequests, RECONFIRMS)}), ${per(counts.writeUnits)} WRU + ${per(counts.readUnits)} RRU (capacity.ts); ` +
      `KMS ${per(total(counts.kmsRequests))} (${describeCountsPer(counts.kmsRequests, RECONFIRMS)}); Scheduler ${per(total(counts.schedulerRequests))} (${describeCountsPer(counts.schedulerRequests, RECONFIRMS)}); ` +
      `SQS ${per(total(counts.sqsRequests))}; Lambda 1 invocation; API Gateway 1 request`,
  );
  print(
    `reconfirms (KIPPU_SIGNING=${mode}): write units per reconfirm by request and item — ${describeWrites(counts, RECONFIRMS)}`,
  );
  print(
    `reconfirms (KIPPU_SIGNING=${mode}): read units per reconfirm by request and item — ${describeReads(counts, RECONFIRMS)}`,
  );
  print(
    `reconfirms (KIPPU_SIGNING=${mode}): failed DynamoDB requests per reconfirm (not in the units above) — ${describeFailuresPer(counts, RECONFIRMS)}`,
  );
};
