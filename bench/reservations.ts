import { randomBytes } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTable } from '../scripts/local/bootstrap';
import { DynamoReservationStore } from '../shared/adapters/aws/reservations-dynamodb';
import { reservationItem } from '../shared/adapters/aws/reservations-items';
import { sweepDue } from '../shared/domain/due/sweep';
import { RESERVATION_DUE_SWEEP } from '../shared/domain/reservations/sweeps';
import { quotaMonthsOf } from '../shared/domain/reservations/rules';
import type { ReservationRecord } from '../shared/domain/reservations/types';
import { reservationsTable } from '../shared/resources/tables';

/**
 * The expiry sweeper against 1,000 / 10,000 / 100,000 live bookings (none due): items read
 * and time per sweep. The bookings are batch-written in their stored form with deadlines
 * spread over the next weeks; a sweep reads its watermark and the due-index entries due by
 * now, so items read stay constant while the table grows. Times are the emulator's (for
 * comparing versions of kippu on one machine, not a production prediction).
 */
const SIZES = [1_000, 10_000, 100_000] as const;
const SWEEPS_PER_SIZE = 5;
const WRITE_CONCURRENCY = 24;
const BATCH_ITEMS = 25;
const BATCH_ROUNDS_MAX = 20;
const SLOT_MS = 600_000;

const liveBooking = (index: number, nowMs: number): ReservationRecord => {
  const startsAtMs = Math.ceil((nowMs + 7 * 3_600_000) / SLOT_MS) * SLOT_MS + index * SLOT_MS;
  return {
    id: `rsv_bench_${index}`,
    channelId: `chn_${index % 100}`,
    providerId: 'prov-bench',
    customerId: `cust-${index % 1_000}`,
    startsAtMs,
    endsAtMs: startsAtMs + SLOT_MS,
    slotMs: SLOT_MS,
    slots: 1,
    reconfirmByMs: startsAtMs - 6 * 3_600_000,
    priceMinor: 100,
    currency: 'JPY',
    title: `bench ${index}`,
    openLevel: 'public',
    friends: [],
    status: 'pending_reconfirmation',
    capacity: 10,
    viewersWatching: 0,
    quotaMonths: quotaMonthsOf(startsAtMs, SLOT_MS, 1),
    version: 1,
    createdAtMs: nowMs,
    updatedAtMs: nowMs,
  };
};

const writeLive = async (client: DynamoDBDocumentClient, tableName: string, from: number, to: number, nowMs: number) => {
  let next = from;
  const worker = async () => {
    while (next < to) {
      const start = next;
      next = Math.min(to, next + BATCH_ITEMS);
      let requests = Array.from({ length: next - start }, (_, offset) => ({
        PutRequest: { Item: reservationItem(liveBooking(start + offset, nowMs)) },
      }));
      for (let round = 0; round < BATCH_ROUNDS_MAX && requests.length > 0; round += 1) {
        const answer = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
        requests = (answer.UnprocessedItems?.[tableName] ?? []) as typeof requests;
      }
      if (requests.length > 0) throw new Error('batch write left unprocessed items');
    }
  };
  await Promise.all(Array.from({ length: WRITE_CONCURRENCY }, worker));
};

export const benchReservations = async (print: (line: string) => void): Promise<void> => {
  print('');
  print('## Reservations: expiry sweep with N live bookings, none due');
  const client = new DynamoDBClient({});
  const documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const tableName = `kippu-bench-reservations-${randomBytes(4).toString('hex')}`;
  await createTable(client, tableName, reservationsTable);
  const store = new DynamoReservationStore(documentClient, tableName);
  const nowMs = Date.now();
  try {
    let written = 0;
    for (const size of SIZES) {
      const writeStarted = performance.now();
      await writeLive(documentClient, tableName, written, size, nowMs);
      const writeSeconds = (performance.now() - writeStarted) / 1000;
      written = size;
      const reads: number[] = [];
      const times: number[] = [];
      for (let sweep = 0; sweep < SWEEPS_PER_SIZE; sweep += 1) {
        const started = performance.now();
        // The walk of the expiry sweep; nothing is due, so the step never runs.
        const due = await sweepDue({
          index: store.dueIndex('expire'),
          limits: RESERVATION_DUE_SWEEP,
          upToMs: nowMs,
          step: async () => ({ staysDue: true }),
        });
        times.push(performance.now() - started);
        reads.push(due.itemsRead);
      }
      const mean = times.reduce((sum, time) => sum + time, 0) / times.length;
      print(
        `live ${size.toLocaleString('en-US').padStart(7)}: items read per sweep ${Math.max(...reads)}, ` +
          `time per sweep ${mean.toFixed(1)} ms (mean of ${SWEEPS_PER_SIZE}), loaded in ${writeSeconds.toFixed(1)} s`,
      );
    }
  } finally {
    await client.send(new DeleteTableCommand({ TableName: tableName }));
    client.destroy();
  }
};
