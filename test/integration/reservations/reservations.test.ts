import { afterAll, describe, expect, it } from 'vitest';
import { makeHandler as makeCompleteHandler } from '../../../functions/reservation-complete/handler';
import { makeHandler as makeCreateHandler } from '../../../functions/reservation-create/handler';
import { makeHandler as makeExpireHandler } from '../../../functions/reservation-expire/handler';
import { makeHandler as makeReconfirmHandler } from '../../../functions/reservation-reconfirm/handler';
import { makeHandler as makeSweepHandler } from '../../../functions/reservation-sweep/handler';
import { makeHandler as makeUpdateHandler } from '../../../functions/reservation-update/handler';
import { loadConfig } from '../../../shared/config';
import { customerWalletAccountId, providerRevenueAccountId } from '../../../shared/domain/parties/accounts';
import { createReservation } from '../../../shared/domain/reservations/booking';
import { channelAvailability, createChannel } from '../../../shared/domain/reservations/channels';
import { wholeMs } from '../../../shared/domain/instant';
import { cancelReservation } from '../../../shared/domain/reservations/cancel';
import { expireReservation } from '../../../shared/domain/reservations/expire';
import { reportFailure } from '../../../shared/domain/reservations/failure';
import { reconfirmReservation } from '../../../shared/domain/reservations/reconfirm';
import { listReservations, readReservation } from '../../../shared/domain/reservations/access';
import { listShows } from '../../../shared/domain/reservations/listings';
import { relayOutbox } from '../../../shared/domain/reservations/sweeps';
import { admitViewer, releaseViewer } from '../../../shared/domain/reservations/viewers';
import { DomainError } from '../../../shared/errors';
import { silentLogger } from '../../../shared/logger';
import { noMetrics } from '../../../shared/ports';
import { ManualClock } from '../../fixtures/clock';
import {
  alignedStart,
  balancesOf,
  booking,
  customer,
  openAccounts,
  provider,
  registerCustomers,
} from '../../fixtures/reservations';
import { dropDynamoLedgers } from '../ledger/table';
import { apiEvent, call, dropReservationTables, makeDynamoReservations } from './reservations-fixture';

afterAll(async () => {
  await dropReservationTables();
  await dropDynamoLedgers();
});

const PROVIDER = provider('prov-dist');
const FEE = 500;
const base = { config: loadConfig(process.env), logger: silentLogger, metrics: noMetrics };
/** Registered customers without money who take seats. */
const VIEWERS = [
  ...Array.from({ length: 4 }, (_, index) => `viewer-${index}`),
  ...Array.from({ length: 6 }, (_, index) => `racer-${index}`),
  'mallory',
  'late',
  'later',
];

const setUp = async (options: { capacity?: number; quota?: number } = {}) => {
  const fixture = await makeDynamoReservations({
    config: options.quota === undefined ? {} : { monthlySlotQuota: options.quota },
  });
  const customers = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'].map((id) => ({ id, fundMinor: 20_000 }));
  await openAccounts(fixture.deps, { providerId: PROVIDER.subject, customers });
  const channel = await createChannel(fixture.deps, PROVIDER, 'chn_a', {
    name: 'A',
    capacity: options.capacity ?? 10,
    bandwidthKbps: 2_000,
    feePerSlotMinor: FEE,
    currency: 'JPY',
  });
  const other = await createChannel(fixture.deps, PROVIDER, 'chn_b', {
    name: 'B',
    capacity: 10,
    bandwidthKbps: 2_000,
    feePerSlotMinor: FEE,
    currency: 'JPY',
  });
  return { ...fixture, channel, other };
};

const codeOf = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
    return 'NO_ERROR';
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
};

describe('booking on DynamoDB', () => {
  it('eight customers racing for overlapping slots: exactly one wins, the others get SLOT_TAKEN naming slots; another channel at the same time is free', async () => {
    // Prepare
    const { deps, clock, channel, other } = await setUp();
    const startsAtMs = alignedStart(clock.now(), 24);
    const racers = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'];

    // Act
    const results = await Promise.allSettled(
      racers.map((name, index) =>
        createReservation(
          deps,
          customer(name),
          `rsv_race_${index}`,
          booking(channel.id, startsAtMs + (index % 2) * 600_000, { slots: 3 }),
        ),
      ),
    );
    const elsewhere = await createReservation(
      deps,
      customer('bob'),
      'rsv_elsewhere',
      booking(other.id, startsAtMs, { slots: 3 }),
    );

    // Assess
    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.map((result) => (result.reason as DomainError).code)).toEqual(Array(7).fill('SLOT_TAKEN'));
    expect((lost[0]?.reason as DomainError).fields[0]?.message).toMatch(/^slot 20\d\d-.* is taken$/);
    expect(elsewhere.status).toBe('pending_reconfirmation');
    const availability = await channelAvailability(deps, channel.id, wholeMs(startsAtMs), wholeMs(startsAtMs + 4 * 600_000));
    expect(availability.slots.filter((slot) => slot.status === 'booked')).toHaveLength(3);
  });

  it('the quota boundary: exactly the monthly quota is accepted, one slot more is QUOTA_EXCEEDED', async () => {
    // Prepare
    const { deps, clock, channel } = await setUp({ quota: 6 });
    const startsAtMs = alignedStart(clock.now(), 24);
    await createReservation(deps, customer('alice'), 'rsv_q1', booking(channel.id, startsAtMs, { slots: 4 }));

    // Act
    const exactly = await codeOf(
      createReservation(deps, customer('alice'), 'rsv_q2', booking(channel.id, startsAtMs + 3_600_000, { slots: 2 })),
    );
    const over = await codeOf(
      createReservation(deps, customer('alice'), 'rsv_q3', booking(channel.id, startsAtMs + 7_200_000, { slots: 1 })),
    );

    // Assess
    expect(exactly).toBe('NO_ERROR');
    expect(over).toBe('QUOTA_EXCEEDED');
    expect(await deps.store.getReservation('rsv_q3')).toBeUndefined();
  });

  it('through the handler: inside the lead, misaligned, an outline of 21 characters and a time change are each a clear 4xx', async () => {
    // Prepare
    const fixture = await setUp();
    const handler = makeCreateHandler({ ...base, ...fixture.idempotency, ...fixture.deps });
    const startsAtMs = alignedStart(fixture.clock.now(), 24);
    const body = {
      channelId: fixture.channel.id,
      startsAt: new Date(startsAtMs).toISOString(),
      slots: 2,
      title: 'Show',
      openLevel: 'public',
    };
    const post = (overrides: Record<string, unknown>) =>
      call(
        handler,
        apiEvent({ method: 'POST', path: '/v1/reservations', principal: customer('alice'), body: { ...body, ...overrides } }),
      );

    // Act
    const inside = await post({ startsAt: new Date(alignedStart(fixture.clock.now(), 5)).toISOString() });
    const misaligned = await post({ startsAt: new Date(startsAtMs + 120_000).toISOString() });
    const longOutline = await post({ outline: 'x'.repeat(21) });
    const created = await post({ outline: 'x'.repeat(20) });
    const patch = await call(
      makeUpdateHandler({ ...base, ...fixture.idempotency, ...fixture.deps }),
      apiEvent({
        method: 'PATCH',
        path: `/v1/reservations/${String(created.body.id)}`,
        pathParameters: { id: String(created.body.id) },
        principal: customer('alice'),
        body: { startsAt: body.startsAt, title: 'New' },
      }),
    );

    // Assess
    expect([inside.status, inside.body.code]).toEqual([422, 'INSIDE_RECONFIRM_LEAD']);
    expect([misaligned.status, misaligned.body.code]).toEqual([422, 'MISALIGNED_START']);
    expect([longOutline.status, longOutline.body.code]).toEqual([422, 'VALIDATION_FAILED']);
    expect(longOutline.body.errors).toEqual([expect.objectContaining({ field: 'outline' })]);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'pending_reconfirmation', priceMinor: 2 * FEE, startsAt: body.startsAt });
    expect([patch.status, patch.body.code]).toEqual([409, 'CHANGE_NOT_ALLOWED']);
    expect(String(patch.body.detail)).toContain('cancel and book again');
  });
});

describe('deadlines on DynamoDB', () => {
  it('a late reconfirm is 409 RESERVATION_EXPIRED; its expiry by schedule and two sweeps at once happens once; the slots can be booked again', async () => {
    // Prepare
    const fixture = await setUp();
    const { deps, clock, channel } = fixture;
    const startsAtMs = alignedStart(clock.now(), 24);
    const reservation = await createReservation(
      deps,
      customer('alice'),
      'rsv_late',
      booking(channel.id, startsAtMs, { slots: 3 }),
    );
    const reconfirm = makeReconfirmHandler({ ...base, ...fixture.idempotency, ...deps });
    const expire = makeExpireHandler({ ...base, ...deps });
    const sweep = makeSweepHandler({ ...base, ...deps });
    clock.set(reservation.reconfirmByMs - 3_600_000);
    await relayOutbox(deps);
    clock.set(reservation.reconfirmByMs);

    // Act
    const late = await call(
      reconfirm,
      apiEvent({ method: 'POST', path: '/x', pathParameters: { id: reservation.id }, principal: customer('alice') }),
    );
    const [scheduled, firstSweep, secondSweep] = await Promise.all([
      expire({ source: 'kippu.schedule', scheduleId: 'rsv-expire-x', detail: { reservationId: reservation.id } }),
      sweep(),
      sweep(),
    ]);

    // Assess
    expect([late.status, late.body.code]).toEqual([409, 'RESERVATION_EXPIRED']);
    expect(String(late.body.detail)).toContain('book again');
    expect((scheduled.outcome === 'expired' ? 1 : 0) + firstSweep.done + secondSweep.done).toBe(1);
    expect((await deps.store.getReservation(reservation.id))?.status).toBe('expired');
    await relayOutbox(deps);
    expect(fixture.notifier.delivered.filter((event) => event.type === 'reservation.expired')).toHaveLength(1);
    expect(fixture.notifier.delivered.filter((event) => event.type === 'reservation.reminder')).toHaveLength(1);
    clock.set(startsAtMs - 7 * 3_600_000);
    const again = await createReservation(deps, customer('bob'), 'rsv_again', booking(channel.id, startsAtMs, { slots: 3 }));
    expect(again.status).toBe('pending_reconfirmation');
  });

  it('past reconfirmBy a booking reads expired before its expiry ran (get, status filters, availability), and a booking of its slots expires it inline, once', async () => {
    // Prepare
    const fixture = await setUp();
    const { deps, clock, channel } = fixture;
    const slotMs = deps.reservationConfig.slotSeconds * 1000;
    const startsAtMs = alignedStart(clock.now(), 24);
    const stale = await createReservation(deps, customer('alice'), 'rsv_stale', booking(channel.id, startsAtMs, { slots: 3 }));
    const kept = await createReservation(
      deps,
      customer('alice'),
      'rsv_kept',
      booking(channel.id, startsAtMs + 10 * slotMs, { slots: 1 }),
    );
    const expire = makeExpireHandler({ ...base, ...deps });
    const sweep = makeSweepHandler({ ...base, ...deps });
    clock.set(stale.reconfirmByMs);
    const list = async (status: 'pending_reconfirmation' | 'expired') =>
      (await listReservations(deps, customer('alice'), { status, limit: 10 }, (reservation) => reservation)).items.map(
        (reservation) => [reservation.id, reservation.status],
      );

    // Act
    const read = await readReservation(deps, customer('alice'), stale.id);
    const pending = await list('pending_reconfirmation');
    const expired = await list('expired');
    const availability = await channelAvailability(deps, channel.id, wholeMs(startsAtMs), wholeMs(startsAtMs + 3 * slotMs));
    const overlapping = await createReservation(
      deps,
      customer('bob'),
      'rsv_overlap',
      booking(channel.id, startsAtMs + 2 * slotMs, { slots: 2 }),
    );
    const stored = await deps.store.getReservation(stale.id);
    const [scheduled, firstSweep, secondSweep] = await Promise.all([
      expire({ source: 'kippu.schedule', scheduleId: 'rsv-expire-x', detail: { reservationId: stale.id } }),
      sweep(),
      sweep(),
    ]);

    // Assess
    expect([read.status, read.updatedAtMs]).toEqual(['expired', stale.reconfirmByMs]);
    expect(pending).toEqual([[kept.id, 'pending_reconfirmation']]);
    expect(expired).toEqual([[stale.id, 'expired']]);
    expect(availability.slots.map((slot) => slot.status)).toEqual(['free', 'free', 'free']);
    expect(overlapping.status).toBe('pending_reconfirmation');
    expect(stored?.status).toBe('expired');
    expect(scheduled.outcome).toBe('not_pending');
    expect(firstSweep.done + secondSweep.done).toBe(0);
    expect(await deps.store.bookedSlots(channel.id, startsAtMs, startsAtMs + 4 * slotMs)).toEqual([
      { slotStartMs: startsAtMs + 2 * slotMs, reservationId: overlapping.id },
      { slotStartMs: startsAtMs + 3 * slotMs, reservationId: overlapping.id },
    ]);
    await relayOutbox(deps);
    expect(
      fixture.notifier.delivered.filter((event) => event.type === 'reservation.expired' && event.reservationId === stale.id),
    ).toHaveLength(1);
  });

  it('a reconfirm racing the expiry ends in exactly one state, with the money to match', async () => {
    // Prepare
    const fixture = await setUp();
    const { deps, clock, channel } = fixture;
    const startsAtMs = alignedStart(clock.now(), 24);
    const names = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
    const reservations = await Promise.all(
      names.map((name, index) =>
        createReservation(
          deps,
          customer(name),
          `rsv_tie_${index}`,
          booking(channel.id, startsAtMs + index * 3_600_000, { slots: 1 }),
        ),
      ),
    );
    // The reconfirm requests arrive one millisecond before their deadline; the expiries fire at it.
    const before = (reconfirmByMs: number) => fixture.at(new ManualClock(reconfirmByMs - 1));
    const at = (reconfirmByMs: number) => fixture.at(new ManualClock(reconfirmByMs));

    // Act
    const outcomes = await Promise.all(
      reservations.map(async (reservation) => {
        const [reconfirmed] = await Promise.allSettled([
          reconfirmReservation(before(reservation.reconfirmByMs), customer(reservation.customerId), reservation.id),
          (async () => {
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
            return expireReservation(at(reservation.reconfirmByMs), reservation.id);
          })(),
        ]);
        return { reservation, reconfirmed };
      }),
    );

    // Assess
    for (const { reservation, reconfirmed } of outcomes) {
      const stored = await deps.store.getReservation(reservation.id);
      const wallet = await balancesOf(deps.ledger, customerWalletAccountId(reservation.customerId, 'JPY'));
      if (stored?.status === 'confirmed') {
        expect(reconfirmed.status).toBe('fulfilled');
        expect(wallet).toMatchObject({ debitsPending: FEE, debitsPosted: 0 });
      } else {
        expect(stored?.status).toBe('expired');
        expect(reconfirmed.status === 'rejected' && (reconfirmed.reason as DomainError).code).toBe('RESERVATION_EXPIRED');
        expect(wallet).toMatchObject({ debitsPending: 0, debitsPosted: 0 });
      }
    }
  });
});

describe('money and viewers on DynamoDB', () => {
  it('cancel after reconfirm captures the fee, a failure voids the hold, a completion posts it: balances exact', async () => {
    // Prepare
    const fixture = await setUp();
    const { deps, clock, channel } = fixture;
    const startsAtMs = alignedStart(clock.now(), 24);
    const cancelled = await createReservation(
      deps,
      customer('alice'),
      'rsv_cancel',
      booking(channel.id, startsAtMs, { slots: 2 }),
    );
    const failed = await createReservation(
      deps,
      customer('bob'),
      'rsv_fail',
      booking(channel.id, startsAtMs + 3_600_000, { slots: 3 }),
    );
    const completed = await createReservation(
      deps,
      customer('carol'),
      'rsv_done',
      booking(channel.id, startsAtMs + 7_200_000, { slots: 4 }),
    );
    const free = await createReservation(
      deps,
      customer('dave'),
      'rsv_free',
      booking(channel.id, startsAtMs + 10_800_000, { slots: 1 }),
    );
    for (const show of [cancelled, failed, completed]) await reconfirmReservation(deps, customer(show.customerId), show.id);
    const complete = makeCompleteHandler({ ...base, ...deps });

    // Act
    await cancelReservation(deps, customer('alice'), cancelled.id);
    await cancelReservation(deps, customer('dave'), free.id);
    clock.set(failed.startsAtMs + 60_000);
    await reportFailure(deps, PROVIDER, failed.id, 'uplink lost');
    clock.set(completed.endsAtMs + 15 * 60_000);
    const first = await complete();
    const second = await complete();

    // Assess
    const wallet = (name: string) => balancesOf(deps.ledger, customerWalletAccountId(name, 'JPY'));
    expect(await wallet('alice')).toMatchObject({ debitsPosted: 2 * FEE, debitsPending: 0, available: 20_000 - 2 * FEE });
    expect(await wallet('bob')).toMatchObject({ debitsPosted: 0, debitsPending: 0, available: 20_000 });
    expect(await wallet('carol')).toMatchObject({ debitsPosted: 4 * FEE, debitsPending: 0, available: 20_000 - 4 * FEE });
    expect(await wallet('dave')).toMatchObject({ debitsPosted: 0, debitsPending: 0, available: 20_000 });
    expect(await balancesOf(deps.ledger, providerRevenueAccountId(PROVIDER.subject, 'JPY'))).toMatchObject({
      creditsPosted: 6 * FEE,
      creditsPending: 0,
    });
    expect([first.done, second.done]).toEqual([1, 0]);
    expect((await deps.store.getReservation(completed.id))?.status).toBe('completed');
    expect((await deps.store.getReservation(failed.id))?.status).toBe('failed');
  });

  it('capacity 5: four admitted, six racing for the last seat get exactly one; a leave frees it once; a wrong password is 403', async () => {
    // Prepare
    const { deps, clock, channel } = await setUp({ capacity: 5 });
    await registerCustomers(deps, VIEWERS);
    const show = await createReservation(
      deps,
      customer('alice'),
      'rsv_view',
      booking(channel.id, alignedStart(clock.now(), 24), { openLevel: 'password', password: 'letmein' }),
    );
    await reconfirmReservation(deps, customer('alice'), show.id);
    for (let index = 0; index < 4; index += 1)
      await admitViewer(deps, customer(`viewer-${index}`), show.id, `tkt_seat_${index}`, 'letmein');

    // Act
    const racing = await Promise.allSettled(
      Array.from({ length: 6 }, (_, index) =>
        admitViewer(deps, customer(`racer-${index}`), show.id, `tkt_race_${index}`, 'letmein'),
      ),
    );
    const wrong = await codeOf(admitViewer(deps, customer('mallory'), show.id, 'tkt_wrong', 'guess'));
    const [left, again] = await Promise.all([
      releaseViewer(deps, customer('viewer-0'), show.id, 'tkt_seat_0'),
      releaseViewer(deps, customer('viewer-0'), show.id, 'tkt_seat_0'),
    ]);
    const next = await codeOf(admitViewer(deps, customer('late'), show.id, 'tkt_late', 'letmein'));
    const after = await codeOf(admitViewer(deps, customer('later'), show.id, 'tkt_later', 'letmein'));

    // Assess
    expect(racing.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(
      racing
        .filter((result) => result.status === 'rejected')
        .map((result) => ((result as PromiseRejectedResult).reason as DomainError).code),
    ).toEqual(Array(5).fill('RESERVATION_FULL'));
    expect(wrong).toBe('WRONG_PASSWORD');
    expect([left.status, again.status]).toEqual(['left', 'left']);
    expect(next).toBe('NO_ERROR');
    expect(after).toBe('RESERVATION_FULL');
    expect((await deps.store.getReservation(show.id))?.viewersWatching).toBe(5);
    expect((await deps.tickets.ticketStore.get('tkt_seat_0'))?.status).toBe('revoked');
  });

  it('listings come from the index: public and password shows, never secret ones, paginated', async () => {
    // Prepare
    const { deps, clock, channel } = await setUp();
    const startsAtMs = alignedStart(clock.now(), 24);
    const levels = ['public', 'secret', 'password', 'public'] as const;
    for (const [index, openLevel] of levels.entries()) {
      const show = await createReservation(
        deps,
        customer('alice'),
        `rsv_list_${index}`,
        booking(channel.id, startsAtMs + index * 3_600_000, {
          slots: 1,
          title: `show ${index}`,
          openLevel,
          ...(openLevel === 'public' ? {} : { password: 'secret1' }),
        }),
      );
      await reconfirmReservation(deps, customer('alice'), show.id);
    }
    clock.set(startsAtMs + 60_000);

    // Act
    const first = await listShows(deps, { fromMs: startsAtMs - 3_600_000, toMs: startsAtMs + 86_400_000, limit: 2 });
    const second = await listShows(deps, {
      fromMs: startsAtMs - 3_600_000,
      toMs: startsAtMs + 86_400_000,
      limit: 2,
      cursor: first.nextCursor ?? '',
    });

    // Assess
    expect(first.items.map((item) => [item.title, item.openLevel, item.state])).toEqual([
      ['show 0', 'public', 'OPEN'],
      ['show 2', 'password', 'CLOSE'],
    ]);
    expect(second.items.map((item) => item.title)).toEqual(['show 3']);
    expect(second.nextCursor).toBeUndefined();
  });
});
