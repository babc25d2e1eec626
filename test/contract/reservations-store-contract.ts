import { describe, expect, it } from 'vitest';
import { bucketStartOf } from '../../shared/domain/due/ports';
import {
  RESERVATION_DUE_LAYOUT,
  type NewBooking,
  type ReservationStore,
  type Transition,
} from '../../shared/domain/reservations/ports';
import { outboxEvent, quotaMonthsOf, reminderEventIdOf } from '../../shared/domain/reservations/rules';
import type { ChannelRecord, DueKind, ReservationRecord, ViewerRecord } from '../../shared/domain/reservations/types';
import { DomainError } from '../../shared/errors';
import { ownedListContract } from './owned-list-contract';

/**
 * One behaviour suite for every ReservationStore (in memory and DynamoDB), so the in-memory
 * store used by the unit tests decides exactly as the real one: the conditions of each
 * write, the due index of each kind, the listing index and its cursors, the viewer seats.
 * `makeStore` returns an empty store.
 */
const SLOT_MS = 600_000;
const HOUR_MS = 3_600_000;
const T0 = Date.parse('2026-11-22T00:00:00.000Z');
const QUOTA = 4;

const channel = (id = 'chn_1', capacity = 2): ChannelRecord => ({
  id,
  providerId: 'prov-1',
  name: 'main',
  capacity,
  bandwidthKbps: 2_000,
  feePerSlotMinor: 100,
  currency: 'JPY',
  createdAtMs: T0,
});

const reservation = (id: string, options: { startsAtMs?: number; slots?: number; customerId?: string } = {}) => {
  const startsAtMs = options.startsAtMs ?? T0 + 24 * HOUR_MS;
  const slots = options.slots ?? 2;
  return {
    id,
    channelId: 'chn_1',
    providerId: 'prov-1',
    customerId: options.customerId ?? 'alice',
    startsAtMs,
    endsAtMs: startsAtMs + slots * SLOT_MS,
    slotMs: SLOT_MS,
    slots,
    reconfirmByMs: startsAtMs - 6 * HOUR_MS,
    priceMinor: 100 * slots,
    currency: 'JPY',
    title: `show ${id}`,
    genre: 'science',
    openLevel: 'public',
    friends: [],
    status: 'pending_reconfirmation',
    capacity: 2,
    viewersWatching: 0,
    quotaMonths: quotaMonthsOf(startsAtMs, SLOT_MS, slots),
    version: 1,
    createdAtMs: T0,
    updatedAtMs: T0,
  } satisfies ReservationRecord;
};

const newBooking = (record: ReservationRecord): NewBooking => ({
  reservation: record,
  monthlySlotQuota: QUOTA,
  events: [
    outboxEvent(record, 'reservation.booked', [record.customerId], 'Booked.', T0),
    { ...outboxEvent(record, 'reservation.reminder', [record.customerId], 'Reminder.', T0), id: reminderEventIdOf(record.id) },
  ],
});

/** The reconfirmation's transition of `record`, before its deadline. */
const confirm = (record: ReservationRecord, overrides: Partial<Transition> = {}): Transition => ({
  reservationId: record.id,
  from: 'pending_reconfirmation',
  to: 'confirmed',
  nowMs: T0 + HOUR_MS,
  deadline: 'before',
  releaseSlots: false,
  returnQuota: false,
  due: { kind: 'complete', atMs: record.endsAtMs },
  listed: true,
  set: { ticketId: `tkt_${record.id}` },
  events: [],
  withdrawEventIds: [reminderEventIdOf(record.id)],
  ...overrides,
});

/** The expiry's transition of `record`: slots and quota given back. */
const expire = (record: ReservationRecord, nowMs = record.reconfirmByMs): Transition => ({
  ...confirm(record),
  to: 'expired',
  nowMs,
  deadline: 'reached',
  releaseSlots: true,
  returnQuota: true,
  due: 'remove',
  listed: false,
  set: {},
});

/** Ids in the `kind` index due by `atMs`, from the bucket of `atMs`. */
const dueIds = async (store: ReservationStore, kind: DueKind, atMs: number): Promise<string[]> => {
  const page = await store.dueIndex(kind).queryBucket(bucketStartOf(RESERVATION_DUE_LAYOUT, atMs), 0, atMs, 50);
  return page.entries.map((entry) => entry.id);
};

const refusalOf = async (promise: Promise<unknown>): Promise<DomainError | undefined> => {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
};

const codeOf = async (promise: Promise<unknown>): Promise<string> => (await refusalOf(promise))?.code ?? 'NO_ERROR';

const viewer = (reservationId: string, ticketId: string): ViewerRecord => ({
  reservationId,
  ticketId,
  customerId: `cust-${ticketId}`,
  status: 'active',
  admittedAtMs: T0,
});

export const reservationStoreContract = (name: string, makeStore: () => Promise<ReservationStore>) =>
  describe(`reservation store contract: ${name}`, () => {
    /** A store with the channel and `alice`'s pending booking `rsv_a`. */
    const booked = async (options: Parameters<typeof reservation>[1] = {}) => {
      const store = await makeStore();
      await store.createChannel(channel());
      const record = reservation('rsv_a', options);
      expect(await store.createReservation(newBooking(record))).toEqual({ result: 'created' });
      return { store, record };
    };

    describe('channels and bookings', () => {
      it('creates a channel once; a repeat answers the stored channel', async () => {
        // Prepare
        const store = await makeStore();

        // Act
        const first = await store.createChannel(channel());
        const repeat = await store.createChannel({ ...channel(), name: 'other' });

        // Assess
        expect(first).toEqual({ created: true, channel: channel() });
        expect(repeat).toEqual({ created: false, channel: channel() });
        expect(await store.getChannel('chn_missing')).toBeUndefined();
      });

      it('stores a booking with its slot locks, its expiry entry and its events, and answers a repeat with it', async () => {
        // Prepare
        const { store, record } = await booked();

        // Act
        const repeat = await store.createReservation(newBooking({ ...record, title: 'changed' }));

        // Assess
        expect(repeat).toEqual({ result: 'exists', reservation: record });
        expect(await store.getReservation(record.id)).toEqual(record);
        expect(await store.bookedSlots('chn_1', T0, T0 + 48 * HOUR_MS)).toEqual([
          { slotStartMs: record.startsAtMs, reservationId: record.id },
          { slotStartMs: record.startsAtMs + SLOT_MS, reservationId: record.id },
        ]);
        expect(await store.bookedSlots('chn_1', record.startsAtMs + SLOT_MS, T0 + 48 * HOUR_MS)).toHaveLength(1);
        expect(await dueIds(store, 'expire', record.reconfirmByMs)).toEqual([record.id]);
        expect(await dueIds(store, 'outbox', T0)).toHaveLength(2);
        expect(await store.getEvent(reminderEventIdOf(record.id))).toMatchObject({ type: 'reservation.reminder' });
      });

      it('refuses a booking of a taken slot naming it, an unknown channel, and one above the monthly quota', async () => {
        // Prepare
        const { store, record } = await booked();
        const overlapping = reservation('rsv_b', { startsAtMs: record.startsAtMs + SLOT_MS, customerId: 'bob' });

        // Act
        const taken = await refusalOf(store.createReservation(newBooking(overlapping)));
        const noChannel = await codeOf(
          store.createReservation(newBooking({ ...reservation('rsv_c'), channelId: 'chn_missing' })),
        );
        const overQuota = await codeOf(
          store.createReservation(newBooking(reservation('rsv_d', { startsAtMs: record.endsAtMs, slots: QUOTA - 1 }))),
        );

        // Assess
        expect(taken).toMatchObject({
          code: 'SLOT_TAKEN',
          extensions: { slots: [new Date(record.startsAtMs + SLOT_MS).toISOString()] },
        });
        expect([noChannel, overQuota]).toEqual(['CHANNEL_NOT_FOUND', 'QUOTA_EXCEEDED']);
        expect(await store.getReservation('rsv_b')).toBeUndefined();
        expect(await store.getReservation('rsv_d')).toBeUndefined();
      });

      it('accepts a booking up to exactly the quota of its month', async () => {
        // Prepare
        const { store, record } = await booked();

        // Act
        const answer = await store.createReservation(
          newBooking(reservation('rsv_b', { startsAtMs: record.endsAtMs, slots: QUOTA - 2 })),
        );

        // Assess
        expect(answer).toEqual({ result: 'created' });
      });

      it("finds a booker's bookings still pending at or after their deadline, made from the instant asked, whatever their number", async () => {
        // Prepare: alice's bookings with deadlines an hour apart (one made before the lower bound), one of bob's, one confirmed
        const store = await makeStore();
        await store.createChannel(channel());
        await store.createChannel(channel('chn_2'));
        const made = async (
          id: string,
          hour: number,
          options: { customerId?: string; createdAtMs?: number; channelId?: string } = {},
        ) => {
          const record = {
            ...reservation(id, { startsAtMs: T0 + (24 + hour) * HOUR_MS, slots: 1, customerId: options.customerId ?? 'alice' }),
            channelId: options.channelId ?? 'chn_1',
            createdAtMs: options.createdAtMs ?? T0,
          };
          expect(await store.createReservation({ ...newBooking(record), monthlySlotQuota: 1_000 })).toEqual({
            result: 'created',
          });
          return record;
        };
        const many = [];
        for (let hour = 0; hour < 30; hour += 1) many.push(await made(`rsv_l${hour}`, hour));
        const early = await made('rsv_early', 0, { createdAtMs: T0 - HOUR_MS, channelId: 'chn_2' });
        await made('rsv_bob', 1, { customerId: 'bob', channelId: 'chn_2' });
        const confirmed = await made('rsv_conf', 2, { channelId: 'chn_2' });
        await store.transition(confirm(confirmed));
        const nowMs = many[19]!.reconfirmByMs;

        // Act
        const lapsed = await store.lapsedBookings('alice', nowMs, T0);
        const withEarlier = await store.lapsedBookings('alice', nowMs, T0 - HOUR_MS);
        const ids = (records: readonly ReservationRecord[]) => records.map((record) => record.id).sort();

        // Assess: deadlines at or before now, still pending, alice's, made from the lower bound on
        expect(ids(lapsed)).toEqual(
          many
            .slice(0, 20)
            .map((record) => record.id)
            .sort(),
        );
        expect(ids(withEarlier)).toEqual([...many.slice(0, 20).map((record) => record.id), early.id].sort());
        expect(lapsed.find((record) => record.id === 'rsv_l3')).toEqual(many[3]);
      });
    });

    describe('transitions', () => {
      it('confirm: the new record, moved from the expiry to the completion index, listed, the reminder withdrawn', async () => {
        // Prepare
        const { store, record } = await booked();

        // Act
        const confirmed = await store.transition(confirm(record));

        // Assess
        const expected = { ...record, status: 'confirmed', version: 2, updatedAtMs: T0 + HOUR_MS, ticketId: 'tkt_rsv_a' };
        expect(confirmed).toEqual(expected);
        expect(await store.getReservation(record.id)).toEqual(expected);
        expect(await dueIds(store, 'expire', record.reconfirmByMs)).toEqual([]);
        expect(await dueIds(store, 'complete', record.endsAtMs)).toEqual([record.id]);
        expect(await store.getEvent(reminderEventIdOf(record.id))).toBeUndefined();
        expect((await store.listings({ fromMs: T0, toMs: T0 + 48 * HOUR_MS, limit: 10 })).items.map((item) => item.id)).toEqual([
          record.id,
        ]);
      });

      it('writes a transition from the record the caller read at its version, and refuses it once that record is stale', async () => {
        // Prepare
        const { store, record } = await booked();
        const other = await booked();
        const changed = await store.updateMetadata({
          reservationId: record.id,
          nowMs: T0 + 5,
          listed: false,
          events: [],
          expectedVersion: 1,
          metadata: { title: 'new title', openLevel: 'public' },
        });

        // Act
        const stale = await store.transition({ ...confirm(record), read: record });
        const confirmed = await other.store.transition({ ...confirm(other.record), read: other.record });

        // Assess
        expect(stale).toBeUndefined();
        expect(await store.getReservation(record.id)).toEqual(changed);
        expect(confirmed).toMatchObject({ status: 'confirmed', version: 2, ticketId: 'tkt_rsv_a' });
        expect(await other.store.getReservation(other.record.id)).toEqual(confirmed);
      });

      it('refuses a transition from another status, on the wrong side of the deadline, or at another version', async () => {
        // Prepare
        const { store, record } = await booked();

        // Act
        const answers = [
          await store.transition({ ...confirm(record), from: 'confirmed' }),
          await store.transition(confirm(record, { nowMs: record.reconfirmByMs })),
          await store.transition(expire(record, record.reconfirmByMs - 1)),
          await store.transition(confirm(record, { read: { ...record, version: 7 } })),
        ];

        // Assess
        expect(answers).toEqual([undefined, undefined, undefined, undefined]);
        expect(await store.getReservation(record.id)).toEqual(record);
      });

      it('expire: frees the slots and gives the quota back in the same write, and leaves the due index', async () => {
        // Prepare
        const { store, record } = await booked();

        // Act
        const expired = await store.transition(expire(record));
        const rebooked = await store.createReservation(
          newBooking(reservation('rsv_b', { startsAtMs: record.startsAtMs, slots: QUOTA, customerId: 'alice' })),
        );

        // Assess
        expect(expired?.status).toBe('expired');
        expect(rebooked).toEqual({ result: 'created' });
        expect(await dueIds(store, 'expire', record.reconfirmByMs)).toEqual(['rsv_b']);
      });

      it('changes the metadata at the version read while active, removing optional fields left out', async () => {
        // Prepare
        const { store, record } = await booked();
        const change = { reservationId: record.id, nowMs: T0 + 5, listed: false, events: [] };

        // Act
        const changed = await store.updateMetadata({
          ...change,
          expectedVersion: 1,
          metadata: { title: 'new title', openLevel: 'secret', passwordHash: 'scrypt$a$b' },
        });
        const stale = await store.updateMetadata({
          ...change,
          expectedVersion: 1,
          metadata: { title: 'lost', openLevel: 'public' },
        });
        await store.transition(expire({ ...record, version: 2 }));
        const inactive = await store.updateMetadata({
          ...change,
          expectedVersion: 3,
          metadata: { title: 'x', openLevel: 'public' },
        });

        // Assess
        const { genre: _genre, ...withoutGenre } = record;
        expect(changed).toEqual({
          ...withoutGenre,
          title: 'new title',
          openLevel: 'secret',
          passwordHash: 'scrypt$a$b',
          version: 2,
          updatedAtMs: T0 + 5,
        });
        expect([stale, inactive]).toEqual([undefined, undefined]);
      });
    });

    describe('the due index', () => {
      it('clears an entry only while the reservation is in the named status, recording the settlement problem', async () => {
        // Prepare
        const { store, record } = await booked();
        await store.transition(confirm(record));

        // Act
        await store.clearDue(record.id, 'cancelled');
        const stillDue = await dueIds(store, 'complete', record.endsAtMs);
        await store.clearDue(record.id, 'confirmed', { settlementProblem: 'hold_expired' });

        // Assess
        expect(stillDue).toEqual([record.id]);
        expect(await dueIds(store, 'complete', record.endsAtMs)).toEqual([]);
        expect((await store.getReservation(record.id))?.settlementProblem).toBe('hold_expired');
      });

      it('records a late capture when it clears the entry', async () => {
        // Prepare
        const { store, record } = await booked();
        await store.transition(confirm(record));

        // Act
        await store.clearDue(record.id, 'confirmed', { lateCaptureTransferId: 'trf_late' });

        // Assess
        expect(await dueIds(store, 'complete', record.endsAtMs)).toEqual([]);
        const stored = await store.getReservation(record.id);
        expect(stored?.lateCaptureTransferId).toBe('trf_late');
        expect(stored?.settlementProblem).toBeUndefined();
      });

      it('postpones an item only while it is due as that kind', async () => {
        // Prepare
        const { store, record } = await booked();
        const laterMs = record.reconfirmByMs + 3 * HOUR_MS;

        // Act
        await store.postponeDue('complete', record.id, laterMs);
        const unchanged = await dueIds(store, 'expire', record.reconfirmByMs);
        await store.postponeDue('expire', record.id, laterMs);

        // Assess
        expect(unchanged).toEqual([record.id]);
        expect(await dueIds(store, 'expire', record.reconfirmByMs)).toEqual([]);
        expect(await dueIds(store, 'expire', laterMs)).toEqual([record.id]);
        expect(await dueIds(store, 'complete', laterMs)).toEqual([]);
      });

      it('delivers an outbox event once; a delivered event leaves the index', async () => {
        // Prepare
        const { store, record } = await booked();
        const [eventId] = await dueIds(store, 'outbox', T0);

        // Act
        const first = await store.markDelivered(eventId ?? '', T0 + 1);
        const again = await store.markDelivered(eventId ?? '', T0 + 2);

        // Assess
        expect([first, again]).toEqual([true, false]);
        expect(await dueIds(store, 'outbox', T0)).toHaveLength(1);
        expect(await store.getEvent(eventId ?? '')).toEqual(newBooking(record).events.find((event) => event.id === eventId));
      });
    });

    describe('viewers', () => {
      it('admits up to the capacity of a confirmed show, once per viewer, and releases a seat once', async () => {
        // Prepare
        const { store, record } = await booked();
        const notYet = await store.admitViewer(viewer(record.id, 'tkt_v0'));
        await store.transition(confirm(record));

        // Act
        const answers = [
          await store.admitViewer(viewer(record.id, 'tkt_v1')),
          await store.admitViewer(viewer(record.id, 'tkt_v1')),
          await store.admitViewer(viewer(record.id, 'tkt_v2')),
          await store.admitViewer(viewer(record.id, 'tkt_v3')),
        ];
        const released = [
          await store.releaseViewer(viewer(record.id, 'tkt_v1'), T0 + 9),
          await store.releaseViewer(viewer(record.id, 'tkt_v1'), T0 + 9),
        ];

        // Assess
        expect(notYet).toBe('not_admitting');
        expect(answers).toEqual(['admitted', 'exists', 'admitted', 'full']);
        expect(released).toEqual([true, false]);
        expect(await store.getViewer(record.id, 'tkt_v1')).toMatchObject({ status: 'left', leftAtMs: T0 + 9 });
        expect((await store.getReservation(record.id))?.viewersWatching).toBe(1);
      });

      it('seats a customer once per show: another ticket of a seated customer is `seated` as the first, the seat names its ticket, and leaving frees it', async () => {
        // Prepare
        const store = await makeStore();
        await store.createChannel(channel('chn_1', 5));
        const record = { ...reservation('rsv_a'), capacity: 5 };
        await store.createReservation(newBooking(record));
        await store.transition(confirm(record));
        const seat = (ticketId: string): ViewerRecord => ({ ...viewer(record.id, ticketId), customerId: 'cust-one' });

        // Act
        const before = await store.seatTicketId(record.id, 'cust-one');
        const first = await store.admitViewer(seat('tkt_s1'));
        const held = await store.seatTicketId(record.id, 'cust-one');
        const second = await store.admitViewer(seat('tkt_s2'));
        const repeat = await store.admitViewer(seat('tkt_s1'));
        const released = await store.releaseViewer(seat('tkt_s1'), T0 + 9);
        const afterRelease = await store.seatTicketId(record.id, 'cust-one');
        const afterLeaving = await store.admitViewer(seat('tkt_s3'));

        // Assess
        expect([first, second, repeat, released, afterLeaving]).toEqual([
          'admitted',
          { result: 'seated', ticketId: 'tkt_s1' },
          'exists',
          true,
          'admitted',
        ]);
        expect([before, held, afterRelease]).toEqual([undefined, 'tkt_s1', undefined]);
        expect(await store.seatTicketId(record.id, 'cust-one')).toBe('tkt_s3');
        expect(await store.seatTicketId(record.id, 'cust-other')).toBeUndefined();
        expect(await store.getViewer(record.id, 'tkt_s2')).toBeUndefined();
        expect((await store.getReservation(record.id))?.viewersWatching).toBe(1);
      });

      it('lists active viewers by ticket id, at most `limit`, with `more` when others follow', async () => {
        // Prepare
        const store = await makeStore();
        await store.createChannel(channel('chn_1', 5));
        const record = { ...reservation('rsv_a'), capacity: 5 };
        await store.createReservation(newBooking(record));
        await store.transition(confirm(record));
        for (const ticketId of ['tkt_c', 'tkt_a', 'tkt_b']) await store.admitViewer(viewer(record.id, ticketId));

        // Act
        const page = await store.activeViewers(record.id, 2);
        const all = await store.activeViewers(record.id, 3);

        // Assess
        expect(page.viewers.map((entry) => entry.ticketId)).toEqual(['tkt_a', 'tkt_b']);
        expect(page.more).toBe(true);
        expect(all.more).toBe(false);
      });
    });

    describe('listings', () => {
      const listedShows = async (count: number) => {
        const store = await makeStore();
        await store.createChannel(channel());
        const shows = Array.from({ length: count }, (_, index) =>
          reservation(`rsv_${index}`, {
            startsAtMs: T0 + 24 * HOUR_MS + index * 25 * HOUR_MS,
            slots: 1,
            customerId: `c${index}`,
          }),
        );
        for (const show of shows) {
          await store.createReservation(newBooking(show));
          await store.transition(confirm(show));
        }
        return { store, shows };
      };

      it('pages listed shows by start time over days; a page carries a cursor only when shows follow it', async () => {
        // Prepare
        const { store, shows } = await listedShows(3);
        const range = { fromMs: T0, toMs: T0 + 10 * 24 * HOUR_MS };

        // Act
        const first = await store.listings({ ...range, limit: 2 });
        const second = await store.listings({ ...range, limit: 2, cursor: first.nextCursor ?? '' });
        const exact = await store.listings({ ...range, limit: 3 });

        // Assess
        expect(first.items.map((item) => item.id)).toEqual([shows[0]?.id, shows[1]?.id]);
        expect(second.items.map((item) => item.id)).toEqual([shows[2]?.id]);
        expect(second.nextCursor).toBeUndefined();
        expect(first.nextCursor).toEqual(expect.any(String));
        expect(exact.items).toHaveLength(3);
        expect(exact.nextCursor).toBeUndefined();
      });

      it('lists only shows starting in [from, to) that a transition listed', async () => {
        // Prepare
        const { store, shows } = await listedShows(3);
        const show = shows[1];
        if (show === undefined) throw new Error('three shows');
        await store.updateMetadata({
          reservationId: show.id,
          expectedVersion: 2,
          nowMs: T0,
          metadata: { title: 'now secret', openLevel: 'secret', passwordHash: 'scrypt$a$b' },
          listed: false,
          events: [],
        });

        // Act
        const page = await store.listings({ fromMs: shows[0]?.startsAtMs ?? 0, toMs: shows[2]?.startsAtMs ?? 0, limit: 10 });

        // Assess
        expect(page.items.map((item) => item.id)).toEqual([shows[0]?.id]);
      });

      it('refuses a cursor it did not hand out, or handed out for another range, as INVALID_CURSOR', async () => {
        // Prepare
        const { store } = await listedShows(3);
        const range = { fromMs: T0, toMs: T0 + 10 * 24 * HOUR_MS };
        const { nextCursor } = await store.listings({ ...range, limit: 1 });

        // Act
        const codes = [
          await codeOf(store.listings({ ...range, limit: 1, cursor: 'not-a-cursor' })),
          await codeOf(store.listings({ ...range, limit: 1, cursor: Buffer.from('{"dayMs":1}').toString('base64url') })),
          await codeOf(
            store.listings({ fromMs: range.toMs, toMs: range.toMs + 24 * HOUR_MS, limit: 1, cursor: nextCursor ?? '' }),
          ),
        ];

        // Assess
        expect(codes).toEqual(['INVALID_CURSOR', 'INVALID_CURSOR', 'INVALID_CURSOR']);
      });
    });

    describe("a customer's bookings", () => {
      ownedListContract({
        make: async () => {
          const store = await makeStore();
          await store.createChannel(channel());
          let made = 0;
          return {
            list: (query) => store.listByBooker(query),
            seed: async (customerId, count) => {
              const ids: string[] = [];
              for (let index = 0; index < count; index += 1, made += 1) {
                const record = {
                  ...reservation(`rsv_${customerId}_${index}`, { customerId, slots: 1, startsAtMs: T0 + (24 + made) * HOUR_MS }),
                  createdAtMs: T0 + index * 1_000,
                };
                expect(await store.createReservation(newBooking(record))).toEqual({ result: 'created' });
                ids.push(record.id);
              }
              return ids;
            },
            change: async (id) => {
              const record = await store.getReservation(id);
              if (record === undefined) throw new Error(`reservation ${id} is stored`);
              expect(await store.transition(confirm(record))).toMatchObject({ status: 'confirmed' });
            },
          };
        },
        changedStatus: 'confirmed',
        customerId: (name) => name,
      });
    });
  });
