import { describe, expect, it } from 'vitest';
import { makeHandler as makeAvailabilityHandler } from '../../../functions/channel-availability-get/handler';
import { makeHandler as makeChannelCreateHandler } from '../../../functions/channel-create/handler';
import { makeHandler as makeChannelGetHandler } from '../../../functions/channel-get/handler';
import { makeHandler as makeListingsHandler } from '../../../functions/listings-get/handler';
import { makeHandler as makeCancelHandler } from '../../../functions/reservation-cancel/handler';
import { makeHandler as makeCreateHandler } from '../../../functions/reservation-create/handler';
import { makeHandler as makeGetHandler } from '../../../functions/reservation-get/handler';
import { makeHandler as makeOutcomeHandler } from '../../../functions/reservation-outcome/handler';
import { makeHandler as makeReconfirmHandler } from '../../../functions/reservation-reconfirm/handler';
import { makeHandler as makeUpdateHandler } from '../../../functions/reservation-update/handler';
import { makeHandler as makeViewerAdmitHandler } from '../../../functions/reservation-viewer-admit/handler';
import { makeHandler as makeViewerLeaveHandler } from '../../../functions/reservation-viewer-leave/handler';
import { MemoryIdempotencyStore } from '../../../shared/adapters/memory/idempotency';
import { MemoryPurchaseStore } from '../../../shared/adapters/memory/purchases';
import { customerWalletAccountId, providerRevenueAccountId } from '../../../shared/domain/parties/accounts';
import type { Principal } from '../../../shared/domain/principal';
import type { StoredResponse } from '../../../shared/http/idempotent';
import { apiEvent, call, TEST_BASE } from '../../fixtures/handlers';
import { alignedStart, balancesOf, customer, makeMemoryDeps, openAccounts, provider } from '../../fixtures/reservations';

/**
 * Every reservation API function through its makeHandler with in-memory ports: the event
 * shape it reads, who may call it, the status and body it answers.
 */
const PROVIDER = provider('prov-h');
const ALICE = customer('alice');
const FEE = 700;

const setUp = async () => {
  const fixture = makeMemoryDeps();
  const deps = {
    ...TEST_BASE,
    ...fixture.deps,
    idempotencyStore: new MemoryIdempotencyStore<StoredResponse>(),
    purchaseKeys: new MemoryPurchaseStore().claims,
    idempotencyLeaseSeconds: 30,
    idempotencyRetentionSeconds: 3_600,
  };
  await openAccounts(fixture.deps, {
    providerId: PROVIDER.subject,
    customers: [{ id: 'alice', fundMinor: 10_000 }, { id: 'bob' }],
  });
  const channel = await call(
    makeChannelCreateHandler(deps),
    apiEvent({
      method: 'POST',
      path: '/v1/channels',
      principal: PROVIDER,
      body: { name: 'main', capacity: 2, bandwidthKbps: 2_000, feePerSlotMinor: FEE, currency: 'JPY' },
    }),
  );
  const startsAtMs = alignedStart(fixture.clock.now(), 24);
  return { ...fixture, deps, channel, startsAtMs };
};

type World = Awaited<ReturnType<typeof setUp>>;

const book = (world: World, headers: Record<string, string> = {}) =>
  call(
    makeCreateHandler(world.deps),
    apiEvent({
      method: 'POST',
      path: '/v1/reservations',
      principal: ALICE,
      headers,
      body: {
        channelId: world.channel.body['id'],
        startsAt: new Date(world.startsAtMs).toISOString(),
        slots: 2,
        title: 'Night sky live',
        openLevel: 'public',
      },
    }),
  );

const onReservation = (method: string, suffix: string, id: unknown, principal: Principal, body?: unknown) =>
  apiEvent({
    method,
    path: `/v1/reservations/${String(id)}${suffix}`,
    principal,
    pathParameters: { id: String(id) },
    ...(body === undefined ? {} : { body }),
  });

/** A booking reconfirmed through the handlers. */
const confirmedShow = async () => {
  const world = await setUp();
  const booking = await book(world);
  const reconfirmed = await call(
    makeReconfirmHandler(world.deps),
    onReservation('POST', '/reconfirm', booking.body['id'], ALICE),
  );
  return { ...world, id: String(booking.body['id']), reconfirmed };
};

describe('channel handlers', () => {
  it('channel-create answers 201 with the channel and opens the provider revenue account', async () => {
    // Act
    const { channel, ledger } = await setUp();

    // Assess
    expect(channel.status).toBe(201);
    expect(channel.body).toMatchObject({ providerId: PROVIDER.subject, capacity: 2, feePerSlotMinor: FEE, currency: 'JPY' });
    expect(channel.headers['location']).toBe(`/v1/channels/${String(channel.body['id'])}`);
    expect(await balancesOf(ledger, providerRevenueAccountId(PROVIDER.subject, 'JPY'))).toMatchObject({ posted: 0 });
  });

  it("channel-get reads the channel at its create's Location, for any signed-in role; no channel is 404 CHANNEL_NOT_FOUND", async () => {
    // Prepare
    const world = await setUp();
    const id = String(world.channel.body['id']);
    const get = (principal: Principal, channelId: string) =>
      call(
        makeChannelGetHandler(world.deps),
        apiEvent({ method: 'GET', path: '/v1/channels/{id}', principal, pathParameters: { id: channelId } }),
      );

    // Act
    const byProvider = await get(PROVIDER, id);
    const byCustomer = await get(ALICE, id);
    const byAgent = await get({ role: 'agent', subject: 'agt-1' }, id);
    const missing = await get(ALICE, 'chn_nothing');

    // Assess
    expect(world.channel.headers['location']).toBe(`/v1/channels/${id}`);
    for (const answer of [byProvider, byCustomer, byAgent])
      expect(answer).toMatchObject({ status: 200, body: world.channel.body });
    expect(missing).toMatchObject({ status: 404, body: { code: 'CHANNEL_NOT_FOUND' } });
  });

  it('channel-availability-get answers each slot free or booked, to any signed-in role', async () => {
    // Prepare
    const world = await setUp();
    await book(world);

    // Act
    const answer = await call(
      makeAvailabilityHandler(world.deps),
      apiEvent({
        method: 'GET',
        path: `/v1/channels/${String(world.channel.body['id'])}/availability`,
        principal: { role: 'agent', subject: 'kiosk-1' },
        pathParameters: { id: String(world.channel.body['id']) },
        query: {
          from: new Date(world.startsAtMs - 600_000).toISOString(),
          to: new Date(world.startsAtMs + 1_800_000).toISOString(),
        },
      }),
    );

    // Assess
    expect(answer.status).toBe(200);
    expect((answer.body['slots'] as { status: string }[]).map((slot) => slot.status)).toEqual([
      'free',
      'booked',
      'booked',
      'free',
    ]);
  });
});

describe('reservation handlers', () => {
  it('reservation-create books tentatively: 201 with a Location, and an expiry schedule at reconfirmBy', async () => {
    // Prepare
    const world = await setUp();

    // Act
    const answer = await book(world);

    // Assess
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ status: 'pending_reconfirmation', priceMinor: 2 * FEE, customerId: 'alice' });
    expect(answer.headers['location']).toBe(`/v1/reservations/${String(answer.body['id'])}`);
    expect(world.scheduler.schedules.get(String(answer.body['id']))).toBe(world.startsAtMs - 6 * 3_600_000);
  });

  it('reservation-create replays a repeat with the same Idempotency-Key instead of booking again', async () => {
    // Prepare
    const world = await setUp();

    // Act
    const first = await book(world, { 'idempotency-key': 'book-1' });
    const repeat = await book(world, { 'idempotency-key': 'book-1' });

    // Assess
    expect([first.status, repeat.status]).toEqual([201, 201]);
    expect(repeat.body).toEqual(first.body);
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    expect(world.store.reservations.size).toBe(1);
  });

  it('reservation-get shows the booking to its booker and answers 404 to another customer', async () => {
    // Prepare
    const world = await setUp();
    const booking = await book(world);
    const get = makeGetHandler(world.deps);

    // Act
    const mine = await call(get, onReservation('GET', '', booking.body['id'], ALICE));
    const theirs = await call(get, onReservation('GET', '', booking.body['id'], customer('mallory')));

    // Assess
    expect([mine.status, mine.body['id']]).toEqual([200, booking.body['id']]);
    expect([theirs.status, theirs.body['code']]).toEqual([404, 'RESERVATION_NOT_FOUND']);
  });

  it('past reconfirmBy, before any expiry ran: GET, the status filters and availability read the booking expired, and its slots can be booked', async () => {
    // Prepare
    const world = await setUp();
    const booking = await book(world);
    const get = makeGetHandler(world.deps);
    const list = (status: string) =>
      call(get, apiEvent({ method: 'GET', path: '/v1/reservations', principal: ALICE, query: { status } }));
    world.clock.set(Date.parse(String(booking.body['reconfirmBy'])));
    const channelId = String(world.channel.body['id']);

    // Act
    const read = await call(get, onReservation('GET', '', booking.body['id'], ALICE));
    const pending = await list('pending_reconfirmation');
    const expired = await list('expired');
    const availability = await call(
      makeAvailabilityHandler(world.deps),
      apiEvent({
        method: 'GET',
        path: `/v1/channels/${channelId}/availability`,
        principal: ALICE,
        pathParameters: { id: channelId },
        query: { from: new Date(world.startsAtMs).toISOString(), to: new Date(world.startsAtMs + 1_200_000).toISOString() },
      }),
    );
    const overlapping = await call(
      makeCreateHandler(world.deps),
      apiEvent({
        method: 'POST',
        path: '/v1/reservations',
        principal: customer('bob'),
        body: {
          channelId,
          startsAt: new Date(world.startsAtMs + 600_000).toISOString(),
          slots: 1,
          title: 'Late slot',
          openLevel: 'public',
        },
      }),
    );

    // Assess
    expect(read.body).toMatchObject({ status: 'expired', updatedAt: booking.body['reconfirmBy'] });
    expect(pending.body['items']).toEqual([]);
    expect((expired.body['items'] as { id: string }[]).map((item) => item.id)).toEqual([booking.body['id']]);
    expect((availability.body['slots'] as { status: string }[]).map((slot) => slot.status)).toEqual(['free', 'free']);
    expect(overlapping.status).toBe(201);
    expect(world.store.reservations.get(String(booking.body['id']))?.status).toBe('expired');
  });

  it("reservation-get lists a customer's own bookings by status; an operator names the customer", async () => {
    // Prepare
    const world = await setUp();
    const booking = await book(world);
    const get = makeGetHandler(world.deps);
    const list = (principal: Principal, query: Record<string, string> = {}) =>
      call(get, apiEvent({ method: 'GET', path: '/v1/reservations', principal, query }));

    // Act
    const mine = await list(ALICE);
    const confirmed = await list(ALICE, { status: 'confirmed' });
    const named = await list({ role: 'operator', subject: 'op-1' }, { customerId: ALICE.subject });
    const malloryPeeking = await list(customer('mallory'), { customerId: ALICE.subject });
    const byProvider = await list(PROVIDER);

    // Assess
    expect(mine).toMatchObject({ status: 200, body: { items: [{ id: booking.body['id'], status: 'pending_reconfirmation' }] } });
    expect(confirmed).toMatchObject({ status: 200, body: { items: [] } });
    expect(named).toMatchObject({ status: 200, body: { items: [{ id: booking.body['id'] }] } });
    expect(malloryPeeking).toMatchObject({ status: 404, body: { code: 'CUSTOMER_NOT_FOUND' } });
    expect(byProvider).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
  });

  it('reservation-get answers an operator naming no registered customer 404 CUSTOMER_NOT_FOUND naming customerId, not an empty list', async () => {
    // Prepare
    const world = await setUp();
    const get = makeGetHandler(world.deps);
    const list = (customerId: string) =>
      call(
        get,
        apiEvent({
          method: 'GET',
          path: '/v1/reservations',
          principal: { role: 'operator', subject: 'op-1' },
          query: { customerId },
        }),
      );

    // Act
    const unknown = await list('cus_doesnotexist00000000');
    const aProvider = await list(PROVIDER.subject);

    // Assess
    for (const answer of [unknown, aProvider]) {
      expect(answer).toMatchObject({
        status: 404,
        body: { code: 'CUSTOMER_NOT_FOUND', errors: [{ field: 'customerId', message: 'is not a registered customer' }] },
      });
    }
  });

  it('reservation-reconfirm holds the price, confirms and hands over the broadcaster ticket', async () => {
    // Act
    const { reconfirmed, ledger } = await confirmedShow();

    // Assess
    expect(reconfirmed.status).toBe(200);
    expect(reconfirmed.body).toMatchObject({ status: 'confirmed', chargeable: true });
    expect((reconfirmed.body['ticket'] as { token: string }).token.split('.')).toHaveLength(3);
    expect(await balancesOf(ledger, customerWalletAccountId('alice', 'JPY'))).toMatchObject({ debitsPending: 2 * FEE });
  });

  it('reservation-update changes the metadata and refuses a change of time with 409 CHANGE_NOT_ALLOWED', async () => {
    // Prepare
    const world = await setUp();
    const booking = await book(world);
    const update = makeUpdateHandler(world.deps);

    // Act
    const renamed = await call(update, onReservation('PATCH', '', booking.body['id'], ALICE, { title: 'Meteor shower' }));
    const moved = await call(update, onReservation('PATCH', '', booking.body['id'], ALICE, { startsAt: '2027-01-01T00:00:00Z' }));

    // Assess
    expect([renamed.status, renamed.body['title']]).toEqual([200, 'Meteor shower']);
    expect([moved.status, moved.body['code']]).toEqual([409, 'CHANGE_NOT_ALLOWED']);
  });

  it('reservation-cancel before reconfirmation cancels for nothing and frees the slots', async () => {
    // Prepare
    const world = await setUp();
    const booking = await book(world);

    // Act
    const answer = await call(makeCancelHandler(world.deps), onReservation('POST', '/cancel', booking.body['id'], ALICE));

    // Assess
    expect([answer.status, answer.body['status'], answer.body['chargeable']]).toEqual([200, 'cancelled', false]);
    expect(await world.store.bookedSlots(String(world.channel.body['id']), 0, Number.MAX_SAFE_INTEGER)).toEqual([]);
  });

  it('reservation-outcome lets the channel provider report a failure: voided, and the provider never sees the booker', async () => {
    // Prepare
    const { deps, id, ledger } = await confirmedShow();

    // Act
    const answer = await call(
      makeOutcomeHandler(deps),
      onReservation('POST', '/outcome', id, PROVIDER, { outcome: 'failed', reason: 'encoder down' }),
    );

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 'failed', failureReason: 'encoder down' });
    expect(answer.body['customerId']).toBeUndefined();
    expect(await balancesOf(ledger, customerWalletAccountId('alice', 'JPY'))).toMatchObject({
      debitsPending: 0,
      debitsPosted: 0,
    });
  });
});

describe('viewer and listing handlers', () => {
  it('reservation-viewer-admit needs an Idempotency-Key, then seats the viewer with a ticket (201)', async () => {
    // Prepare
    const { deps, id } = await confirmedShow();
    const admit = makeViewerAdmitHandler(deps);
    const event = (headers: Record<string, string>) => ({
      ...onReservation('POST', '/viewers', id, customer('bob'), {}),
      headers,
    });

    // Act
    const withoutKey = await call(admit, event({ 'content-type': 'application/json' }));
    const seated = await call(admit, event({ 'content-type': 'application/json', 'idempotency-key': 'seat-1' }));

    // Assess
    expect([withoutKey.status, withoutKey.body['code']]).toEqual([400, 'MISSING_IDEMPOTENCY_KEY']);
    expect(seated.status).toBe(201);
    expect(seated.body).toMatchObject({ reservationId: id, ticket: { id: expect.any(String), token: expect.any(String) } });
    expect((await deps.store.getReservation(id))?.viewersWatching).toBe(1);
  });

  it('reservation-viewer-leave frees the seat once and revokes the viewer ticket', async () => {
    // Prepare
    const { deps, id, ticketStore } = await confirmedShow();
    const seated = await call(makeViewerAdmitHandler(deps), {
      ...onReservation('POST', '/viewers', id, customer('bob'), {}),
      headers: { 'content-type': 'application/json', 'idempotency-key': 'seat-1' },
    });
    const ticketId = String((seated.body['ticket'] as { id: string }).id);
    const leave = makeViewerLeaveHandler(deps);
    const event = {
      ...onReservation('DELETE', `/viewers/${ticketId}`, id, customer('bob')),
      pathParameters: { id, ticketId },
    };

    // Act
    const first = await call(leave, event);
    const repeat = await call(leave, event);

    // Assess
    expect(first).toMatchObject({ status: 200, body: { reservationId: id, ticketId, status: 'left' } });
    expect(repeat.body).toEqual(first.body);
    expect((await deps.store.getReservation(id))?.viewersWatching).toBe(0);
    expect((await ticketStore.get(ticketId))?.status).toBe('revoked');
  });

  it('reservation-viewer-leave takes an Idempotency-Key: a repeat replays the first answer, and the key on another viewer is refused', async () => {
    // Prepare: a viewer seated (one seat per customer: its second seat comes after it left).
    const { deps, id } = await confirmedShow();
    const seat = async (key: string) => {
      const seated = await call(makeViewerAdmitHandler(deps), {
        ...onReservation('POST', '/viewers', id, customer('bob'), {}),
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
      });
      return String((seated.body['ticket'] as { id: string }).id);
    };
    const first = await seat('seat-1');
    const leave = makeViewerLeaveHandler(deps);
    const leaving = (ticketId: string) => ({
      ...onReservation('DELETE', `/viewers/${ticketId}`, id, customer('bob')),
      pathParameters: { id, ticketId },
      headers: { 'idempotency-key': 'leave-1' },
    });

    // Act
    const answered = await call(leave, leaving(first));
    const repeat = await call(leave, leaving(first));
    const second = await seat('seat-2');
    const otherViewer = await call(leave, leaving(second));

    // Assess
    expect(answered).toMatchObject({ status: 200, body: { ticketId: first, status: 'left' } });
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    expect(repeat.body).toEqual(answered.body);
    expect([otherViewer.status, otherViewer.body['code']]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect((await deps.store.getReservation(id))?.viewersWatching).toBe(1);
  });

  it('listings-get lists confirmed public shows without a token as { items } with no nextCursor on the last page, and refuses a forged cursor', async () => {
    // Prepare
    const { deps, id, startsAtMs } = await confirmedShow();
    const listings = makeListingsHandler(deps);
    const query = {
      from: new Date(startsAtMs - 3_600_000).toISOString(),
      to: new Date(startsAtMs + 3_600_000).toISOString(),
      limit: '1',
    };

    // Act
    const page = await call(listings, apiEvent({ method: 'GET', path: '/v1/listings', query }));
    const forged = await call(listings, apiEvent({ method: 'GET', path: '/v1/listings', query: { ...query, cursor: 'forged' } }));

    // Assess
    expect(page.status).toBe(200);
    expect(page.body['items']).toEqual([expect.objectContaining({ reservationId: id, state: 'CLOSE', openLevel: 'public' })]);
    expect(page.body['nextCursor']).toBeUndefined();
    expect([forged.status, forged.body['code']]).toEqual([400, 'INVALID_CURSOR']);
  });
});

describe('answers that do not mislead', () => {
  it('a show whose provider reported a failure answers chargeable: false, in the outcome answer and when read', async () => {
    // Prepare
    const { deps, id, reconfirmed } = await confirmedShow();

    // Act
    const outcome = await call(makeOutcomeHandler(deps), onReservation('POST', '/outcome', id, PROVIDER, { outcome: 'failed' }));
    const read = await call(makeGetHandler(deps), onReservation('GET', '', id, ALICE));

    // Assess
    expect(reconfirmed.body['chargeable']).toBe(true);
    expect([outcome.body['status'], outcome.body['chargeable']]).toEqual(['failed', false]);
    expect([read.body['status'], read.body['chargeable']]).toEqual(['failed', false]);
  });

  it('a cancelled show answers viewersWatching: 0, in the cancel answer and when read, though a viewer was seated', async () => {
    // Prepare
    const { deps, id } = await confirmedShow();
    await call(makeViewerAdmitHandler(deps), {
      ...onReservation('POST', '/viewers', id, customer('bob'), {}),
      headers: { 'content-type': 'application/json', 'idempotency-key': 'seat-1' },
    });
    const before = await call(makeGetHandler(deps), onReservation('GET', '', id, ALICE));

    // Act
    const cancelled = await call(makeCancelHandler(deps), onReservation('POST', '/cancel', id, ALICE));
    const read = await call(makeGetHandler(deps), onReservation('GET', '', id, ALICE));

    // Assess
    expect(before.body['viewersWatching']).toBe(1);
    expect([cancelled.body['status'], cancelled.body['viewersWatching'], cancelled.body['chargeable']]).toEqual([
      'cancelled',
      0,
      true,
    ]);
    expect(read.body['viewersWatching']).toBe(0);
  });

  it('a range whose end is not after its start is refused with a detail that reads as a sentence', async () => {
    // Prepare
    const { deps, channel, startsAtMs } = await setUp();
    const at = new Date(startsAtMs).toISOString();

    // Act
    const answer = await call(
      makeAvailabilityHandler(deps),
      apiEvent({
        method: 'GET',
        path: `/v1/channels/${String(channel.body['id'])}/availability`,
        principal: ALICE,
        pathParameters: { id: String(channel.body['id']) },
        query: { from: at, to: at },
      }),
    );

    // Assess
    expect([answer.status, answer.body['code']]).toEqual([422, 'VALIDATION_FAILED']);
    expect(String(answer.body['detail'])).toMatch(/^[A-Z].*\.$/);
  });
});
