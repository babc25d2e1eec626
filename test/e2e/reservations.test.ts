import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledger as ledgerFromEnv, partyStore } from '../../shared/adapters/aws/wiring';
import {
  customerCarrierAccountId,
  customerWalletAccountId,
  providerRevenueAccountId,
} from '../../shared/domain/parties/accounts';
import { TICKET_TYPE } from '../../shared/domain/tickets/jws';
import { verifyTicket } from '@kippu/verify';
import { systemClock } from '../../shared/ports';
import type { components } from '../../clients/typescript';
import { startTestApi, uniqueId, type TestApi } from '../fixtures/api';
import { fillToStatedBound } from '../fixtures/stated-bound';
import {
  alignedStart,
  balancesOf,
  openAccounts,
  registerAgent,
  registerCustomers,
  registerProvider,
} from '../fixtures/reservations';

/**
 * Channel reservations over HTTP against the local API (real time, default configuration:
 * 6 h reconfirm lead, 10-minute slots), so every show here starts a day ahead. Deadline
 * behaviour is in test/integration/reservations with an injected clock.
 */
let api: TestApi;
const issuer = process.env.KIPPU_ISSUER ?? '';
const ledger = ledgerFromEnv(process.env);
/** Parties are registered straight through the parties domain on the API's own tables. */
const partyWorld = { ledger, parties: partyStore(process.env), clock: systemClock };
const FEE = 700;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api.close());

interface Party {
  id: string;
  token: string;
}

/** A token for a new subject; a customer is registered (without money) unless told otherwise. */
const party = async (role: 'customer' | 'provider', prefix: string, registered = true): Promise<Party> => {
  const id = uniqueId(prefix);
  if (role === 'customer' && registered) await registerCustomers(partyWorld, [id]);
  return { id, token: await api.tokenFor(role, id) };
};

const setUp = async (capacity = 2) => {
  const provider = await party('provider', 'prov');
  const alice = await party('customer', 'alice', false);
  const bob = await party('customer', 'bob', false);
  await openAccounts(partyWorld, {
    providerId: provider.id,
    customers: [
      { id: alice.id, fundMinor: 50_000 },
      { id: bob.id, fundMinor: 50_000 },
    ],
  });
  // The journey's own calls go through the typed client generated from the document (clients/typescript).
  const createChannel = () =>
    api.client(provider.token).POST('/v1/channels', {
      body: { name: 'Stage', capacity, bandwidthKbps: 3_000, feePerSlotMinor: FEE, currency: 'JPY' },
    });
  const channel = await createChannel();
  const other = await createChannel();
  expect(channel.response.status).toBe(201);
  return { provider, alice, bob, channelId: channel.data?.id ?? '', otherChannelId: other.data?.id ?? '' };
};

const book = async (who: Party, body: Record<string, unknown>, headers: Record<string, string> = {}) => {
  const answer = await api.client(who.token).POST('/v1/reservations', {
    body: body as components['schemas']['ReservationCreateRequest'],
    headers,
  });
  return {
    status: answer.response.status,
    headers: answer.response.headers,
    body: (answer.data ?? answer.error) as unknown as Record<string, unknown> & { id: string },
  };
};

const show = (channelId: string, startsAtMs: number, overrides: Record<string, unknown> = {}) => ({
  channelId,
  startsAt: new Date(startsAtMs).toISOString(),
  slots: 2,
  title: 'Live from the stage',
  genre: 'music',
  outline: 'Acoustic set',
  openLevel: 'public',
  ...overrides,
});

describe('booking over HTTP', () => {
  it('two customers booking overlapping slots at the same moment: exactly one wins; another channel at the same time succeeds', async () => {
    // Prepare
    const { alice, bob, channelId, otherChannelId } = await setUp();
    const startsAtMs = alignedStart(Date.now(), 24);

    // Act
    const [first, second] = await Promise.all([
      book(alice, show(channelId, startsAtMs)),
      book(bob, show(channelId, startsAtMs + 600_000)),
    ]);
    const elsewhere = await book(bob, show(otherChannelId, startsAtMs));

    // Assess
    expect([first.status, second.status].sort()).toEqual([201, 409]);
    const loser = first.status === 409 ? first : second;
    expect(loser.body).toMatchObject({ code: 'SLOT_TAKEN' });
    expect(elsewhere.status).toBe(201);
    const winner = first.status === 201 ? first : second;
    expect(winner.body).toMatchObject({ status: 'pending_reconfirmation', priceMinor: 2 * FEE, chargeable: false });
    expect(Date.parse(String(winner.body.reconfirmBy))).toBe(Date.parse(String(winner.body.startsAt)) - 6 * 3_600_000);
    const availability = await api.call<{ slots: { status: string }[] }>(
      'GET',
      `/v1/channels/${channelId}/availability?from=${encodeURIComponent(new Date(startsAtMs).toISOString())}&to=${encodeURIComponent(new Date(startsAtMs + 1_800_000).toISOString())}`,
      { token: alice.token },
    );
    expect(availability.status).toBe(200);
    expect(availability.body.slots.map((slot) => slot.status)).toContain('booked');
  });

  it('a start inside the lead, a misaligned start and an outline of 21 characters are each a clear 4xx; others never see a booking', async () => {
    // Prepare
    const { alice, bob, channelId } = await setUp();
    const startsAtMs = alignedStart(Date.now(), 24);

    // Act
    const inside = await book(alice, show(channelId, alignedStart(Date.now(), 2)));
    const misaligned = await book(alice, show(channelId, startsAtMs + 300_000));
    const outline = await book(alice, show(channelId, startsAtMs, { outline: 'x'.repeat(21) }));
    const created = await book(alice, show(channelId, startsAtMs, { outline: 'x'.repeat(20) }), {
      'idempotency-key': uniqueId('key'),
    });
    const peek = await api.call('GET', `/v1/reservations/${created.body.id}`, { token: bob.token });
    const own = await api.call('GET', `/v1/reservations/${created.body.id}`, { token: alice.token });

    // Assess
    expect([inside.status, inside.body.code]).toEqual([422, 'INSIDE_RECONFIRM_LEAD']);
    expect([misaligned.status, misaligned.body.code]).toEqual([422, 'MISALIGNED_START']);
    expect([outline.status, outline.body.code]).toEqual([422, 'VALIDATION_FAILED']);
    expect(created.status).toBe(201);
    expect(peek.status).toBe(404);
    expect(own.status).toBe(200);
  });

  it('a start with digits below the millisecond is 422 MISALIGNED_START, never booked at another instant; zeros below it are the boundary', async () => {
    // Prepare
    const { alice, channelId } = await setUp();
    const startsAtMs = alignedStart(Date.now(), 24);
    const written = (fraction: string) => new Date(startsAtMs).toISOString().replace('.000Z', `${fraction}Z`);
    const availabilityOf = (from: string, to: string) =>
      api.call<{ slots: { startsAt: string; status: string }[] }>(
        'GET',
        `/v1/channels/${channelId}/availability?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
        { token: alice.token },
      );

    // Act
    const tenthOfMs = await book(alice, show(channelId, startsAtMs, { startsAt: written('.0009') }));
    const microsecond = await book(alice, show(channelId, startsAtMs, { startsAt: written('.000001') }));
    const before = await availabilityOf(written(''), written('.0009'));
    const zeros = await book(alice, show(channelId, startsAtMs, { startsAt: written('.000000') }));

    // Assess
    expect([tenthOfMs.status, tenthOfMs.body.code]).toEqual([422, 'MISALIGNED_START']);
    expect(tenthOfMs.body['errors']).toEqual([
      {
        field: 'startsAt',
        message: `must be a multiple of 600 seconds since the epoch, e.g. ${new Date(startsAtMs + 600_000).toISOString()}`,
      },
    ]);
    expect([microsecond.status, microsecond.body.code]).toEqual([422, 'MISALIGNED_START']);
    expect(before.body.slots).toEqual([
      { startsAt: new Date(startsAtMs).toISOString(), endsAt: new Date(startsAtMs + 600_000).toISOString(), status: 'free' },
    ]);
    expect(zeros.status).toBe(201);
    expect(zeros.body['startsAt']).toBe(new Date(startsAtMs).toISOString());
  });
  it('a customer token whose subject nobody registered cannot book: 404 CUSTOMER_NOT_FOUND, and the slots stay free', async () => {
    // Prepare
    const { alice, channelId } = await setUp();
    const squatter = await party('customer', 'squatter', false);
    const startsAtMs = alignedStart(Date.now(), 24);

    // Act
    const squatted = await book(squatter, show(channelId, startsAtMs));
    const withGhost = await book(alice, show(channelId, startsAtMs, { friends: [squatter.id] }));
    const availability = await api.call<{ slots: { status: string }[] }>(
      'GET',
      `/v1/channels/${channelId}/availability?from=${encodeURIComponent(new Date(startsAtMs).toISOString())}&to=${encodeURIComponent(new Date(startsAtMs + 1_200_000).toISOString())}`,
      { token: alice.token },
    );

    // Assess
    expect([squatted.status, squatted.body.code]).toEqual([404, 'CUSTOMER_NOT_FOUND']);
    expect([withGhost.status, withGhost.body.code]).toEqual([404, 'CUSTOMER_NOT_FOUND']);
    expect(withGhost.body.errors).toEqual([{ field: 'friends.0', message: 'is not a registered customer' }]);
    expect(availability.body.slots.map((slot) => slot.status)).toEqual(['free', 'free']);
  });
});

describe('reconfirmation, viewers and money over HTTP', () => {
  it('reconfirm returns a broadcaster ticket that verifies offline with the window startsAt − 5 min … endsAt + 5 min', async () => {
    // Prepare
    const { provider, alice, channelId } = await setUp();
    const booked = await book(alice, show(channelId, alignedStart(Date.now(), 24)));

    // Act
    const answer = await api.client(alice.token).POST('/v1/reservations/{id}/reconfirm', {
      params: { path: { id: booked.body.id } },
    });
    const reconfirmed = { status: answer.response.status, body: answer.data ?? { status: '', ticket: { id: '', token: '' } } };
    // After the ticket: the first document of a window may make the window's delegated key (no rotation runs here).
    const jwks = (await api.call<{ keys: Record<string, unknown>[] }>('GET', '/.well-known/jwks.json')).body;

    // Assess
    expect(reconfirmed.status).toBe(200);
    expect(reconfirmed.body.status).toBe('confirmed');
    const startsAtMs = Date.parse(String(booked.body.startsAt));
    const endsAtMs = Date.parse(String(booked.body.endsAt));
    const verified = await verifyTicket(reconfirmed.body.ticket.token, {
      jwks: jwks as unknown as Parameters<typeof verifyTicket>[1]['jwks'],
      issuer,
      audience: provider.id,
      now: new Date(startsAtMs),
    });
    expect(verified).toMatchObject({ ok: true, claims: { rsv: booked.body.id, res: channelId, cap: ['broadcast'] } });
    expect(verified.ok && [verified.claims.nbf, verified.claims.exp]).toEqual([
      (startsAtMs - 300_000) / 1000,
      (endsAtMs + 300_000) / 1000,
    ]);
    expect(verified.ok && verified.claims.sub).not.toBe(alice.id);
    const early = await verifyTicket(reconfirmed.body.ticket.token, {
      jwks: jwks as unknown as Parameters<typeof verifyTicket>[1]['jwks'],
      issuer,
      audience: provider.id,
      now: new Date(startsAtMs - 600_000),
    });
    expect(early).toMatchObject({ ok: false, reason: 'NOT_YET_VALID' });
    const remote = createRemoteJWKSet(new URL(`${api.url}/.well-known/jwks.json`));
    await expect(
      jwtVerify(reconfirmed.body.ticket.token, remote, {
        issuer,
        audience: provider.id,
        typ: TICKET_TYPE,
        currentDate: new Date(startsAtMs),
      }),
    ).resolves.toBeDefined();
    expect(await balancesOf(ledger, customerWalletAccountId(alice.id, 'JPY'))).toMatchObject({ debitsPending: 2 * FEE });
  });

  it('capacity 2: two viewers admitted, the third gets RESERVATION_FULL, one leaves, one more is admitted; a wrong password is 403', async () => {
    // Prepare
    const { alice, channelId } = await setUp(2);
    const booked = await book(
      alice,
      show(channelId, alignedStart(Date.now(), 24), { openLevel: 'password', password: 'backstage' }),
    );
    await api.call('POST', `/v1/reservations/${booked.body.id}/reconfirm`, { token: alice.token });
    const viewers = await Promise.all([1, 2, 3, 4, 5].map((index) => party('customer', `viewer${index}`)));
    const admit = (who: Party, password = 'backstage') =>
      api.call<{ ticket: { id: string; token: string } }>('POST', `/v1/reservations/${booked.body.id}/viewers`, {
        token: who.token,
        body: { password },
        headers: { 'idempotency-key': uniqueId('admit') },
      });

    // Act
    const first = await admit(viewers[0]!);
    const second = await admit(viewers[1]!);
    const third = await admit(viewers[2]!);
    const wrong = await admit(viewers[3]!, 'front-door');
    const leave = await api.call('DELETE', `/v1/reservations/${booked.body.id}/viewers/${first.body.ticket.id}`, {
      token: viewers[0]!.token,
    });
    const afterLeave = await admit(viewers[4]!);
    const revoked = await api.call<{ status: string }>('GET', `/v1/tickets/${first.body.ticket.id}`, {
      token: viewers[0]!.token,
    });

    // Assess
    expect([first.status, second.status]).toEqual([201, 201]);
    expect([third.status, third.body]).toEqual([409, expect.objectContaining({ code: 'RESERVATION_FULL' })]);
    expect([wrong.status, wrong.body]).toEqual([403, expect.objectContaining({ code: 'WRONG_PASSWORD' })]);
    expect(leave.status).toBe(200);
    expect(afterLeave.status).toBe(201);
    expect(revoked.body.status).toBe('revoked');
  });

  it('one seat per customer: a second admit with a new key answers the seat held, concurrent admits take one seat, leaving frees it', async () => {
    // Prepare
    const { alice, channelId } = await setUp(3);
    const booked = await book(alice, show(channelId, alignedStart(Date.now(), 24)));
    await api.call('POST', `/v1/reservations/${booked.body.id}/reconfirm`, { token: alice.token });
    const [squatter, other] = await Promise.all([party('customer', 'squatter'), party('customer', 'other')]);
    const admit = (who: Party) =>
      api.call<{ ticket: { id: string; token: string } }>('POST', `/v1/reservations/${booked.body.id}/viewers`, {
        token: who.token,
        body: {},
        headers: { 'idempotency-key': uniqueId('admit') },
      });
    const watching = async () =>
      (await api.call<{ viewersWatching: number }>('GET', `/v1/reservations/${booked.body.id}`, { token: alice.token })).body
        .viewersWatching;

    // Act
    const burst = await Promise.all(Array.from({ length: 5 }, () => admit(squatter)));
    const watchingAfterBurst = await watching();
    const otherSeat = await admit(other);
    const seatTicketId = burst[0]!.body.ticket.id;
    const left = await api.call('DELETE', `/v1/reservations/${booked.body.id}/viewers/${seatTicketId}`, {
      token: squatter.token,
      headers: { 'idempotency-key': uniqueId('leave') },
    });
    const again = await admit(squatter);

    // Assess
    expect(burst.map((answer) => answer.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(burst.map((answer) => answer.body.ticket.id)).size).toBe(1);
    expect(new Set(burst.map((answer) => answer.body.ticket.token)).size).toBe(1);
    expect(watchingAfterBurst).toBe(1);
    expect(otherSeat.status).toBe(201);
    expect(left.status).toBe(200);
    expect(again.status).toBe(201);
    expect(again.body.ticket.id).not.toBe(seatTicketId);
    expect(await watching()).toBe(2);
  });

  it('a seat holder gets its ticket under a new key without the password, with a wrong one, and after the show turned secret; a stranger still gets 404', async () => {
    // Prepare
    const { alice, channelId } = await setUp(3);
    const booked = await book(
      alice,
      show(channelId, alignedStart(Date.now(), 24), { openLevel: 'password', password: 'pw-aug-1' }),
    );
    await api.call('POST', `/v1/reservations/${booked.body.id}/reconfirm`, { token: alice.token });
    const [viewer, stranger] = await Promise.all([party('customer', 'viewer'), party('customer', 'stranger')]);
    const admit = (who: Party, body: Record<string, unknown>) =>
      api.call<{ ticket: { id: string; token: string }; code?: string }>('POST', `/v1/reservations/${booked.body.id}/viewers`, {
        token: who.token,
        body,
        headers: { 'idempotency-key': uniqueId('admit') },
      });
    const seat = await admit(viewer, { password: 'pw-aug-1' });

    // Act
    const withoutPassword = await admit(viewer, {});
    const wrongPassword = await admit(viewer, { password: 'wrong-1' });
    const turned = await api.call('PATCH', `/v1/reservations/${booked.body.id}`, {
      token: alice.token,
      body: { openLevel: 'secret', password: 'pw-aug-2' },
    });
    const afterSecret = await admit(viewer, {});
    const strangerOldPassword = await admit(stranger, { password: 'pw-aug-1' });
    const read = await api.call<{ viewersWatching: number }>('GET', `/v1/reservations/${booked.body.id}`, { token: alice.token });

    // Assess
    expect(seat.status).toBe(201);
    expect(turned.status).toBe(200);
    for (const again of [withoutPassword, wrongPassword, afterSecret]) {
      expect(again.status).toBe(201);
      expect(again.body.ticket).toEqual(seat.body.ticket);
      expect(again.headers.get('location')).toBe(`/v1/tickets/${seat.body.ticket.id}`);
    }
    expect([strangerOldPassword.status, strangerOldPassword.body.code]).toEqual([404, 'RESERVATION_NOT_FOUND']);
    expect(read.body.viewersWatching).toBe(1);
  });

  it("the Location of a channel and of a viewer admit is a path its creator reads: the channel, the viewer's ticket", async () => {
    // Prepare
    const { provider, alice, channelId } = await setUp(2);
    const booked = await book(alice, show(channelId, alignedStart(Date.now(), 24)));
    await api.call('POST', `/v1/reservations/${booked.body.id}/reconfirm`, { token: alice.token });
    const viewer = await party('customer', 'viewer');

    // Act
    const channel = await api.call<{ id: string }>('POST', '/v1/channels', {
      token: provider.token,
      body: { name: 'Second stage', capacity: 3, bandwidthKbps: 3_000, feePerSlotMinor: FEE, currency: 'JPY' },
    });
    const admitted = await api.call<{ ticket: { id: string } }>('POST', `/v1/reservations/${booked.body.id}/viewers`, {
      token: viewer.token,
      body: {},
      headers: { 'idempotency-key': uniqueId('admit') },
    });
    const channelRead = await api.call<{ id: string }>('GET', channel.headers.get('location') ?? '', { token: provider.token });
    const ticketRead = await api.call<{ id: string; status: string }>('GET', admitted.headers.get('location') ?? '', {
      token: viewer.token,
    });

    // Assess
    expect(channel.headers.get('location')).toBe(`/v1/channels/${channel.body.id}`);
    expect(channelRead).toMatchObject({ status: 200, body: channel.body });
    expect(admitted.headers.get('location')).toBe(`/v1/tickets/${admitted.body.ticket.id}`);
    expect(ticketRead).toMatchObject({ status: 200, body: { id: admitted.body.ticket.id, status: 'active' } });
  });

  it('a secret show and another customer seat answer a caller who may not know of them exactly as an id that does not exist', async () => {
    // Prepare
    const { alice, channelId } = await setUp(2);
    const booked = await book(alice, show(channelId, alignedStart(Date.now(), 24), { openLevel: 'secret', password: 'hush' }));
    const stranger = await party('customer', 'stranger');
    const viewer = await party('customer', 'viewer');
    const admit = (reservationId: string, who: Party, password: string) =>
      api.call<Record<string, unknown>>('POST', `/v1/reservations/${reservationId}/viewers`, {
        token: who.token,
        body: { password },
        headers: { 'idempotency-key': uniqueId('admit') },
      });
    const leave = (reservationId: string, who: Party, ticketId: string) =>
      api.call<Record<string, unknown>>('DELETE', `/v1/reservations/${reservationId}/viewers/${ticketId}`, {
        token: who.token,
      });
    const missingId = uniqueId('rsv');
    /** Status, code and detail with the show's id taken out, to compare the answers for two ids. */
    const shape = (answer: { status: number; body: Record<string, unknown> }, reservationId: string) => ({
      status: answer.status,
      code: answer.body['code'],
      detail: String(answer.body['detail']).replace(reservationId, '<id>'),
    });

    // Act
    const pendingGuess = shape(await admit(booked.body.id, stranger, 'guess'), booked.body.id);
    const missingGuess = shape(await admit(missingId, stranger, 'guess'), missingId);
    await api.call('POST', `/v1/reservations/${booked.body.id}/reconfirm`, { token: alice.token });
    const seat = await admit(booked.body.id, viewer, 'hush');
    const seatTicketId = String((seat.body['ticket'] as { id: string }).id);
    const confirmedGuess = shape(await admit(booked.body.id, stranger, 'guess'), booked.body.id);
    const otherSeat = shape(await leave(booked.body.id, stranger, seatTicketId), booked.body.id);
    const missingSeat = shape(await leave(missingId, stranger, seatTicketId), missingId);

    // Assess
    expect(missingGuess).toEqual({
      status: 404,
      code: 'RESERVATION_NOT_FOUND',
      detail: 'No reservation "<id>" is visible to you.',
    });
    expect(pendingGuess).toEqual(missingGuess);
    expect(confirmedGuess).toEqual(missingGuess);
    expect(seat.status).toBe(201);
    expect(otherSeat).toEqual(missingSeat);
    expect(missingSeat).toEqual(missingGuess);
  });

  it('listings show public and password shows with OPEN/CLOSE and never a secret one', async () => {
    // Prepare
    const { alice, channelId } = await setUp();
    const startsAtMs = alignedStart(Date.now(), 30);
    const titles = { public: uniqueId('pub'), password: uniqueId('pwd'), secret: uniqueId('sec') };
    for (const [index, level] of (['public', 'password', 'secret'] as const).entries()) {
      const booked = await book(
        alice,
        show(channelId, startsAtMs + index * 3_600_000, {
          title: titles[level],
          openLevel: level,
          ...(level === 'public' ? {} : { password: 'pass-word' }),
        }),
      );
      await api.call('POST', `/v1/reservations/${booked.body.id}/reconfirm`, { token: alice.token });
    }

    // Act
    const listed = await api.call<{ items: { title: string; state: string; openLevel: string }[] }>(
      'GET',
      `/v1/listings?from=${encodeURIComponent(new Date(startsAtMs - 60_000).toISOString())}&to=${encodeURIComponent(new Date(startsAtMs + 4 * 3_600_000).toISOString())}&limit=100`,
    );

    // Assess
    expect(listed.status).toBe(200);
    const ours = listed.body.items.filter((item) => Object.values(titles).includes(item.title));
    expect(ours.map((item) => [item.title, item.openLevel, item.state])).toEqual([
      [titles.public, 'public', 'CLOSE'],
      [titles.password, 'password', 'CLOSE'],
    ]);
  });

  it('listings page with cursors for this range only, and the last page has no nextCursor', async () => {
    // Prepare
    const { alice, channelId } = await setUp();
    const startsAtMs = alignedStart(Date.now(), 36);
    for (const offset of [0, 3_600_000]) {
      const booked = await book(alice, show(channelId, startsAtMs + offset, { title: uniqueId('paged') }));
      await api.call('POST', `/v1/reservations/${booked.body.id}/reconfirm`, { token: alice.token });
    }
    const range = (fromMs: number) =>
      `from=${encodeURIComponent(new Date(fromMs).toISOString())}&to=${encodeURIComponent(new Date(startsAtMs + 2 * 3_600_000).toISOString())}`;
    type Listings = { items: { reservationId: string }[]; nextCursor?: string };
    const first = await api.call<Listings>('GET', `/v1/listings?${range(startsAtMs - 60_000)}&limit=1`);
    const cursor = encodeURIComponent(first.body.nextCursor ?? '');

    // Act
    const second = await api.call<Listings>('GET', `/v1/listings?${range(startsAtMs - 60_000)}&limit=1&cursor=${cursor}`);
    const otherRange = await api.call<{ code: string }>(
      'GET',
      `/v1/listings?${range(startsAtMs - 120_000)}&limit=1&cursor=${cursor}`,
    );

    // Assess
    expect([first.status, first.body.items.length, typeof first.body.nextCursor]).toEqual([200, 1, 'string']);
    expect([second.status, second.body.items.length]).toEqual([200, 1]);
    expect(second.body.nextCursor).toBeUndefined();
    expect([otherRange.status, otherRange.body.code]).toEqual([400, 'INVALID_CURSOR']);
  });

  it('cancel after reconfirm captures the fee; cancel before it costs nothing', async () => {
    // Prepare
    const { provider, alice, bob, channelId } = await setUp();
    const startsAtMs = alignedStart(Date.now(), 24);
    const confirmed = await book(alice, show(channelId, startsAtMs));
    const tentative = await book(bob, show(channelId, startsAtMs + 3_600_000));
    await api.call('POST', `/v1/reservations/${confirmed.body.id}/reconfirm`, { token: alice.token });

    // Act
    const afterReconfirm = await api.call('POST', `/v1/reservations/${confirmed.body.id}/cancel`, { token: alice.token });
    const beforeReconfirm = await api.call('POST', `/v1/reservations/${tentative.body.id}/cancel`, { token: bob.token });

    // Assess
    expect([afterReconfirm.status, afterReconfirm.body.status]).toEqual([200, 'cancelled']);
    expect([beforeReconfirm.status, beforeReconfirm.body.status]).toEqual([200, 'cancelled']);
    expect(await balancesOf(ledger, customerWalletAccountId(alice.id, 'JPY'))).toMatchObject({
      debitsPosted: 2 * FEE,
      debitsPending: 0,
    });
    expect(await balancesOf(ledger, customerWalletAccountId(bob.id, 'JPY'))).toMatchObject({ debitsPosted: 0, debitsPending: 0 });
    expect(await balancesOf(ledger, providerRevenueAccountId(provider.id, 'JPY'))).toMatchObject({ creditsPosted: 2 * FEE });
  });

  it("cancel after reconfirm when the provider's revenue account is at the stated bound: 200 cancelled with settlementProblem balance_overflow, slots freed, nothing charged", async () => {
    // Prepare: the capture of the cancel fee would pass the ledger's bound (BALANCE_OVERFLOW).
    const { provider, alice, bob, channelId } = await setUp();
    const startsAtMs = alignedStart(Date.now(), 24);
    const confirmed = await book(alice, show(channelId, startsAtMs));
    await api.call('POST', `/v1/reservations/${confirmed.body.id}/reconfirm`, { token: alice.token });
    await fillToStatedBound(ledger, providerRevenueAccountId(provider.id, 'JPY'));
    const revenueBefore = await balancesOf(ledger, providerRevenueAccountId(provider.id, 'JPY'));

    // Act
    const cancelled = await api.call('POST', `/v1/reservations/${confirmed.body.id}/cancel`, { token: alice.token });
    const read = await api.call('GET', `/v1/reservations/${confirmed.body.id}`, { token: alice.token });
    const rebooked = await book(bob, show(channelId, startsAtMs));

    // Assess
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', settlementProblem: 'balance_overflow', chargeable: false });
    expect(read.body).toMatchObject({ status: 'cancelled', settlementProblem: 'balance_overflow', chargeable: false });
    expect(rebooked.status).toBe(201);
    expect(await balancesOf(ledger, customerWalletAccountId(alice.id, 'JPY'))).toMatchObject({
      debitsPosted: 0,
      debitsPending: 0,
    });
    expect(await balancesOf(ledger, providerRevenueAccountId(provider.id, 'JPY'))).toMatchObject({
      creditsPosted: revenueBefore.creditsPosted,
      creditsPending: 0,
    });
  });

  it("a provider's failure report, and its replay, name neither the booker, the friends, the payer's account nor the carrier", async () => {
    // Prepare: a trusted provider's show, booked with a friend by a carrier customer and reconfirmed on the carrier route
    const provider = await party('provider', 'prov-trusted');
    const carrier = uniqueId('agt-carrier');
    const alice = await party('customer', 'alice-carrier', false);
    const bob = await party('customer', 'bob-friend');
    await registerProvider(partyWorld, provider.id, { trusted: true, platformFeeBps: 1_000 });
    await registerAgent(partyWorld, carrier, 500);
    await registerCustomers(partyWorld, [{ id: alice.id, carrier: { agentId: carrier, creditLimitMinor: 50_000 } }]);
    const channel = await api.call<{ id: string }>('POST', '/v1/channels', {
      token: provider.token,
      body: { name: 'Stage', capacity: 2, bandwidthKbps: 3_000, feePerSlotMinor: FEE, currency: 'JPY' },
    });
    const booked = await book(alice, show(channel.body.id, alignedStart(Date.now(), 24), { friends: [bob.id] }));
    await api.call('POST', `/v1/reservations/${booked.body.id}/reconfirm`, { token: alice.token });
    const report = () =>
      api.call<Record<string, unknown> & { payment: Record<string, unknown> }>(
        'POST',
        `/v1/reservations/${booked.body.id}/outcome`,
        {
          token: provider.token,
          headers: { 'idempotency-key': uniqueId('outcome') },
          body: { outcome: 'failed', reason: 'encoder down' },
        },
      );
    const key = uniqueId('outcome');
    const reportWithKey = () =>
      api.call<Record<string, unknown> & { payment: Record<string, unknown> }>(
        'POST',
        `/v1/reservations/${booked.body.id}/outcome`,
        {
          token: provider.token,
          headers: { 'idempotency-key': key },
          body: { outcome: 'failed', reason: 'encoder down' },
        },
      );

    // Act
    const first = await reportWithKey();
    const replay = await reportWithKey();
    const repeat = await report();
    const asOperator = await api.call<Record<string, unknown>>('GET', `/v1/reservations/${booked.body.id}`, {
      token: await api.tokenFor('operator', 'op-1'),
    });

    // Assess
    expect([first.status, first.body.status, replay.headers.get('idempotent-replayed')]).toEqual([200, 'failed', 'true']);
    for (const answer of [first, replay, repeat]) {
      expect(answer.status).toBe(200);
      expect(answer.body).not.toHaveProperty('customerId');
      expect(answer.body).not.toHaveProperty('friends');
      expect(answer.body.payment).toEqual({
        route: 'carrier',
        platformFeeBps: 1_000,
        carrierFeeBps: 500,
        split: { grossMinor: 2 * FEE, providerNetMinor: 1_190, platformFeeMinor: 140, carrierFeeMinor: 70 },
      });
      expect(answer.text).not.toContain(alice.id);
      expect(answer.text).not.toContain(bob.id);
      expect(answer.text).not.toContain(carrier);
    }
    expect(asOperator.body).toMatchObject({
      customerId: alice.id,
      friends: [bob.id],
      payment: { payerAccountId: customerCarrierAccountId(alice.id, 'JPY'), agentId: carrier },
    });
  });

  it('five admit/leave cycles put all five viewer tickets on the provider signed revocation list', async () => {
    // Prepare
    const { provider, alice, channelId } = await setUp(1);
    const booked = await book(alice, show(channelId, alignedStart(Date.now(), 24)));
    await api.call('POST', `/v1/reservations/${booked.body.id}/reconfirm`, { token: alice.token });
    const viewer = await party('customer', 'regular');

    // Act: one seat, taken and given back five times.
    const ticketIds: string[] = [];
    for (let cycle = 0; cycle < 5; cycle += 1) {
      const seated = await api.call<{ ticket: { id: string } }>('POST', `/v1/reservations/${booked.body.id}/viewers`, {
        token: viewer.token,
        body: {},
        headers: { 'idempotency-key': uniqueId('cycle') },
      });
      expect(seated.status).toBe(201);
      ticketIds.push(seated.body.ticket.id);
      const left = await api.call('DELETE', `/v1/reservations/${booked.body.id}/viewers/${seated.body.ticket.id}`, {
        token: viewer.token,
      });
      expect(left.status).toBe(200);
    }
    const list = await api.call<{ token: string; more: boolean }>('GET', `/v1/providers/${provider.id}/revocations?since=0`, {
      token: provider.token,
    });

    // Assess: the list verifies with the published keys, for this provider, and names every ticket.
    expect([list.status, list.body.more]).toEqual([200, false]);
    const { payload } = await jwtVerify(list.body.token, createRemoteJWKSet(new URL(`${api.url}/.well-known/jwks.json`)), {
      issuer,
      audience: provider.id,
      typ: 'kippu-revocations+jwt',
      algorithms: ['ES256'],
    });
    expect((payload.revoked as { jti: string }[]).map((entry) => entry.jti)).toEqual(ticketIds);
    expect(new Set(ticketIds).size).toBe(5);
  });
});

describe("a customer's reservations", () => {
  it('lists its own bookings newest first, filtered by status and paginated; an operator names the customer; nobody else sees them', async () => {
    // Prepare
    const { alice, bob, channelId } = await setUp();
    const early = await book(alice, show(channelId, alignedStart(Date.now(), 24)));
    const late = await book(alice, show(channelId, alignedStart(Date.now(), 30)));
    const cancelled = await api
      .client(alice.token)
      .POST('/v1/reservations/{id}/cancel', { params: { path: { id: early.body.id } } });
    const operatorToken = await api.tokenFor('operator', uniqueId('op'));
    const asAlice = api.client(alice.token);

    // Act
    const page1 = await asAlice.GET('/v1/reservations', { params: { query: { limit: 1 } } });
    const page2 = await asAlice.GET('/v1/reservations', { params: { query: { limit: 1, cursor: page1.data?.nextCursor } } });
    const pending = await asAlice.GET('/v1/reservations', { params: { query: { status: 'pending_reconfirmation' } } });
    const bobs = await api.client(bob.token).GET('/v1/reservations');
    const peeking = await api.client(bob.token).GET('/v1/reservations', { params: { query: { customerId: alice.id } } });
    const byOperator = await api
      .client(operatorToken)
      .GET('/v1/reservations', { params: { query: { customerId: alice.id, status: 'cancelled' } } });
    const crafted = await asAlice.GET('/v1/reservations', {
      params: { query: { cursor: Buffer.from(JSON.stringify({ customerId: bob.id, after: 'x' })).toString('base64url') } },
    });

    // Assess
    expect(cancelled.response.status).toBe(200);
    expect([...(page1.data?.items ?? []), ...(page2.data?.items ?? [])].map((reservation) => reservation.id)).toEqual([
      late.body.id,
      early.body.id,
    ]);
    expect(pending.data?.items.map((reservation) => reservation.id)).toEqual([late.body.id]);
    expect(bobs.data).toEqual({ items: [] });
    expect([peeking.response.status, peeking.error?.code]).toEqual([404, 'CUSTOMER_NOT_FOUND']);
    expect(byOperator.data?.items.map((reservation) => [reservation.id, reservation.status])).toEqual([
      [early.body.id, 'cancelled'],
    ]);
    expect([crafted.response.status, crafted.error?.code]).toEqual([400, 'INVALID_CURSOR']);
  });
});
