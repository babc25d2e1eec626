import { afterAll, describe, expect, it } from 'vitest';
import { makeHandler as makeCompleteHandler } from '../../../functions/reservation-complete/handler';
import { makeHandler as makeSweepHandler } from '../../../functions/reservation-sweep/handler';
import { reservationItem } from '../../../shared/adapters/aws/reservations-items';
import { loadConfig } from '../../../shared/config';
import { sweepDue } from '../../../shared/domain/due/sweep';
import { quotaMonthsOf } from '../../../shared/domain/reservations/rules';
import type { ReservationRecord } from '../../../shared/domain/reservations/types';
import { silentLogger } from '../../../shared/logger';
import { noMetrics } from '../../../shared/ports';
import { RESERVATION_DUE_SWEEP } from '../../../shared/limits';
import { dropDynamoLedgers } from '../ledger/table';
import { batchWrite, dropReservationTables, makeDynamoReservations } from './reservations-fixture';

afterAll(async () => {
  await dropReservationTables();
  await dropDynamoLedgers();
});

const LIVE_BOOKINGS = 1_000;

/** A pending booking as the store writes it, for writing many at once. */
export const liveBooking = (index: number, nowMs: number): ReservationRecord => {
  const slotMs = 600_000;
  const startsAtMs = Math.ceil((nowMs + 7 * 3_600_000) / slotMs) * slotMs + index * slotMs;
  return {
    id: `rsv_live_${index}`,
    channelId: `chn_${index % 50}`,
    providerId: 'prov-bulk',
    customerId: `cust-${index % 200}`,
    startsAtMs,
    endsAtMs: startsAtMs + slotMs,
    slotMs,
    slots: 1,
    reconfirmByMs: startsAtMs - 6 * 3_600_000,
    priceMinor: 100,
    currency: 'JPY',
    title: `live ${index}`,
    openLevel: 'public',
    friends: [],
    status: 'pending_reconfirmation',
    capacity: 10,
    viewersWatching: 0,
    quotaMonths: quotaMonthsOf(startsAtMs, slotMs, 1),
    version: 1,
    createdAtMs: nowMs,
    updatedAtMs: nowMs,
  };
};

describe('the sweepers read only what is due', () => {
  it('with 1,000 live bookings and none due, a sweep reads only its watermark, however often it runs', async () => {
    // Prepare
    const fixture = await makeDynamoReservations();
    const nowMs = fixture.clock.now();
    await batchWrite(
      fixture.documentClient,
      fixture.tableName,
      Array.from({ length: LIVE_BOOKINGS }, (_, index) => reservationItem(liveBooking(index, nowMs))),
    );
    const base = { config: loadConfig(process.env), logger: silentLogger, metrics: noMetrics };
    const sweep = makeSweepHandler({ ...base, ...fixture.deps });
    const complete = makeCompleteHandler({ ...base, ...fixture.deps });

    // Act
    const first = await sweep();
    fixture.clock.advanceSeconds(3_600);
    const second = await sweep();
    const completion = await complete();

    // Assess
    expect(first).toEqual({ itemsRead: 1, found: 0, done: 0, failed: 0, behind: false });
    expect(second).toEqual({ itemsRead: 1, found: 0, done: 0, failed: 0, behind: false });
    expect(completion.itemsRead).toBe(1);
    // Once the first live deadline passes, the sweep reads exactly the due one (index entries only).
    fixture.clock.set(liveBooking(0, nowMs).reconfirmByMs);
    const due = await sweepDue({
      index: fixture.store.dueIndex('expire'),
      limits: RESERVATION_DUE_SWEEP,
      upToMs: fixture.clock.now(),
      step: async () => ({ staysDue: true }),
    });
    expect({ ids: due.handled.map(({ entry }) => entry.id), itemsRead: due.itemsRead }).toEqual({
      ids: ['rsv_live_0'],
      itemsRead: 2,
    });
  });
});
