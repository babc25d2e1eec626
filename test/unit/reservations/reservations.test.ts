import { describe, expect, it } from 'vitest';
import { customerWalletAccountId, providerRevenueAccountId } from '../../../shared/domain/parties/accounts';
import { createReservation } from '../../../shared/domain/reservations/booking';
import { channelAvailability, createChannel } from '../../../shared/domain/reservations/channels';
import { exactInstant, wholeMs } from '../../../shared/domain/instant';
import { cancelReservation } from '../../../shared/domain/reservations/cancel';
import { completeReservation } from '../../../shared/domain/reservations/complete';
import { expireReservation } from '../../../shared/domain/reservations/expire';
import { reportFailure } from '../../../shared/domain/reservations/failure';
import { refuseFixedFieldChanges, updateReservation } from '../../../shared/domain/reservations/metadata';
import { reconfirmReservation } from '../../../shared/domain/reservations/reconfirm';
import { listShows } from '../../../shared/domain/reservations/listings';
import { relayOutbox, sweepCompletions, sweepExpired } from '../../../shared/domain/reservations/sweeps';
import { admitViewer, releaseViewer } from '../../../shared/domain/reservations/viewers';
import { verifyTicket } from '@kippu/verify';
import {
  alignedStart,
  balancesOf,
  booking,
  customer,
  makeMemoryDeps,
  openAccounts,
  provider,
  TEST_ISSUER,
} from '../../fixtures/reservations';
import { codeOf, rejection } from '../../fixtures/errors';

const PROVIDER = provider('prov-stage');
const FEE = 1_000;

/** Viewers (v1 … v5) are registered customers without money. */
const VIEWERS = ['v1', 'v2', 'v3', 'v4', 'v5'];

const setUp = async (config: Parameters<typeof makeMemoryDeps>[0] = {}, capacity = 3) => {
  const fixture = makeMemoryDeps(config);
  await openAccounts(fixture.deps, {
    providerId: PROVIDER.subject,
    customers: [
      { id: 'alice', fundMinor: 10_000 },
      { id: 'bob', fundMinor: 10_000 },
      { id: 'poor', fundMinor: 100 },
      ...VIEWERS.map((id) => ({ id })),
    ],
  });
  const channel = await createChannel(fixture.deps, PROVIDER, 'chn_main', {
    name: 'main',
    capacity,
    bandwidthKbps: 4_000,
    feePerSlotMinor: FEE,
    currency: 'JPY',
  });
  return { ...fixture, channel };
};

describe('booking', () => {
  it('books tentatively: pending_reconfirmation, reconfirmBy = startsAt − 6 h, price = fee × slots, an expiry schedule', async () => {
    // Prepare
    const { deps, clock, scheduler, channel } = await setUp();
    const startsAtMs = alignedStart(clock.now(), 24);

    // Act
    const reservation = await createReservation(deps, customer('alice'), 'rsv_1', booking(channel.id, startsAtMs));

    // Assess
    expect(reservation).toMatchObject({
      status: 'pending_reconfirmation',
      reconfirmByMs: startsAtMs - 6 * 3_600_000,
      endsAtMs: startsAtMs + 3 * 600_000,
      priceMinor: 3 * FEE,
    });
    expect(reservation.holdTransferId).toBeUndefined();
    expect(scheduler.schedules.get('rsv_1')).toBe(reservation.reconfirmByMs);
    const availability = await channelAvailability(
      deps,
      channel.id,
      wholeMs(startsAtMs - 600_000),
      wholeMs(startsAtMs + 4 * 600_000),
    );
    expect(availability.slots.map((slot) => slot.status)).toEqual(['free', 'booked', 'booked', 'booked', 'free']);
  });

  it('refuses a start inside the reconfirm lead, a misaligned start and overlapping slots, each with its code', async () => {
    // Prepare
    const { deps, clock, channel } = await setUp();
    const startsAtMs = alignedStart(clock.now(), 24);
    await createReservation(deps, customer('alice'), 'rsv_first', booking(channel.id, startsAtMs));

    // Act
    const inside = codeOf(createReservation(deps, customer('bob'), 'rsv_a', booking(channel.id, alignedStart(clock.now(), 5))));
    const misaligned = codeOf(createReservation(deps, customer('bob'), 'rsv_b', booking(channel.id, startsAtMs + 60_000)));
    const overlapping = codeOf(createReservation(deps, customer('bob'), 'rsv_c', booking(channel.id, startsAtMs + 1_200_000)));

    // Assess
    expect(await inside).toBe('INSIDE_RECONFIRM_LEAD');
    expect(await misaligned).toBe('MISALIGNED_START');
    expect(await overlapping).toBe('SLOT_TAKEN');
  });

  it('refuses a start with digits below the millisecond as misaligned, naming the next boundary; zeros below it are the boundary', async () => {
    // Prepare
    const { deps, clock, channel } = await setUp();
    const startsAtMs = alignedStart(clock.now(), 24);
    const start = (text: string) => {
      const instant = exactInstant(new Date(startsAtMs).toISOString().replace('.000Z', text));
      return booking(channel.id, instant.ms, { startsAtBelowMs: instant.belowMs });
    };

    // Act
    const tenthOfMs = await rejection(createReservation(deps, customer('bob'), 'rsv_sub1', start('.0009Z')));
    const microsecond = await rejection(createReservation(deps, customer('bob'), 'rsv_sub2', start('.000001Z')));
    const zeros = await createReservation(deps, customer('bob'), 'rsv_sub3', start('.000000Z'));

    // Assess
    expect(tenthOfMs).toMatchObject({
      code: 'MISALIGNED_START',
      fields: [
        {
          field: 'startsAt',
          message: `must be a multiple of 600 seconds since the epoch, e.g. ${new Date(startsAtMs + 600_000).toISOString()}`,
        },
      ],
    });
    expect(microsecond.code).toBe('MISALIGNED_START');
    expect(await deps.store.getReservation('rsv_sub1')).toBeUndefined();
    expect(await deps.store.getReservation('rsv_sub2')).toBeUndefined();
    expect(zeros.startsAtMs).toBe(startsAtMs);
  });

  it('reads availability from the instants as written: a `to` below a millisecond past a boundary reaches into the slot after it', async () => {
    // Prepare
    const { deps, clock, channel } = await setUp();
    const startsAtMs = alignedStart(clock.now(), 24);
    const at = (offsetMs: number, belowMs = '') =>
      exactInstant(new Date(startsAtMs + offsetMs).toISOString().replace('Z', `${belowMs}Z`));

    // Act
    const reaching = await channelAvailability(deps, channel.id, at(0, '0009'), at(600_000, '0009'));
    const onBoundary = await channelAvailability(deps, channel.id, at(0), at(600_000, '000000'));
    const withinOneMs = await channelAvailability(deps, channel.id, at(0, '0001'), at(0, '0002'));
    const backwards = await rejection(channelAvailability(deps, channel.id, at(0, '0002'), at(0, '0001')));

    // Assess
    expect(reaching.slots.map((slot) => slot.startsAt)).toEqual([
      new Date(startsAtMs).toISOString(),
      new Date(startsAtMs + 600_000).toISOString(),
    ]);
    expect(onBoundary.slots.map((slot) => slot.startsAt)).toEqual([new Date(startsAtMs).toISOString()]);
    expect(withinOneMs.slots.map((slot) => slot.startsAt)).toEqual([new Date(startsAtMs).toISOString()]);
    expect(backwards).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'to', message: 'must be after from' }] });
  });

  it('counts the quota per UTC month of each slot: exactly the quota is fine, one more is refused, an expiry gives slots back', async () => {
    // Prepare
    const { deps, clock, channel } = await setUp({ monthlySlotQuota: 5 });
    const startsAtMs = alignedStart(clock.now(), 24);
    await createReservation(deps, customer('alice'), 'rsv_q1', booking(channel.id, startsAtMs, { slots: 3 }));

    // Act
    const exactly = await createReservation(
      deps,
      customer('alice'),
      'rsv_q2',
      booking(channel.id, startsAtMs + 3_600_000, { slots: 2 }),
    );
    const over = codeOf(
      createReservation(deps, customer('alice'), 'rsv_q3', booking(channel.id, startsAtMs + 7_200_000, { slots: 1 })),
    );
    const otherBooker = createReservation(
      deps,
      customer('bob'),
      'rsv_q4',
      booking(channel.id, startsAtMs + 7_200_000, { slots: 1 }),
    );

    // Assess
    expect(exactly.status).toBe('pending_reconfirmation');
    expect(await over).toBe('QUOTA_EXCEEDED');
    expect((await otherBooker).status).toBe('pending_reconfirmation');
    clock.set(exactly.reconfirmByMs);
    await sweepExpired(deps);
    const afterExpiry = await createReservation(
      deps,
      customer('alice'),
      'rsv_q5',
      booking(channel.id, startsAtMs + 10_800_000, { slots: 1 }),
    );
    expect(afterExpiry.status).toBe('pending_reconfirmation');
  });

  it('does not count a booking past its deadline in the quota, whether or not its expiry ran: the booking expires it and fits', async () => {
    // Prepare: `rsv_l` (3 slots) lapses first; with `rsv_k` (2 slots) the month holds the quota of 5
    const { deps, clock, channel } = await setUp({ monthlySlotQuota: 5 });
    const startsAtMs = alignedStart(clock.now(), 24);
    const lapsing = await createReservation(deps, customer('alice'), 'rsv_l', booking(channel.id, startsAtMs, { slots: 3 }));
    await createReservation(deps, customer('alice'), 'rsv_k', booking(channel.id, startsAtMs + 7_200_000, { slots: 2 }));
    clock.set(lapsing.reconfirmByMs);

    // Act: no sweep, no schedule ran; only `rsv_k`'s 2 slots are live
    const fits = await createReservation(
      deps,
      customer('alice'),
      'rsv_m',
      booking(channel.id, startsAtMs + 10_800_000, { slots: 3 }),
    );
    const over = await codeOf(
      createReservation(deps, customer('alice'), 'rsv_n', booking(channel.id, startsAtMs + 14_400_000, { slots: 1 })),
    );

    // Assess
    expect(fits.status).toBe('pending_reconfirmation');
    expect(over).toBe('QUOTA_EXCEEDED');
    expect(await deps.store.getReservation('rsv_l')).toMatchObject({ status: 'expired' });
    expect(await deps.store.getReservation('rsv_k')).toMatchObject({ status: 'pending_reconfirmation' });
    // The sweep finds it expired: its slots went back to the quota once.
    await sweepExpired(deps);
    expect(
      await codeOf(
        createReservation(deps, customer('alice'), 'rsv_o', booking(channel.id, startsAtMs + 18_000_000, { slots: 1 })),
      ),
    ).toBe('QUOTA_EXCEEDED');
  });

  it('needs a password for password and secret shows', async () => {
    // Prepare
    const { deps, clock, channel } = await setUp();

    // Act
    const code = codeOf(
      createReservation(
        deps,
        customer('alice'),
        'rsv_p',
        booking(channel.id, alignedStart(clock.now(), 24), { openLevel: 'secret' }),
      ),
    );

    // Assess
    expect(await code).toBe('PASSWORD_REQUIRED');
  });
});

describe('reconfirmation and expiry', () => {
  it('reconfirm holds the price and hands over a broadcaster ticket for startsAt − 5 min … endsAt + 5 min that verifies offline', async () => {
    // Prepare
    const { deps, clock, channel, signer, ledger } = await setUp();
    const reservation = await createReservation(
      deps,
      customer('alice'),
      'rsv_r',
      booking(channel.id, alignedStart(clock.now(), 24)),
    );

    // Act
    const { reservation: confirmed, ticket } = await reconfirmReservation(deps, customer('alice'), reservation.id);

    // Assess
    expect(confirmed.status).toBe('confirmed');
    expect(await balancesOf(ledger, customerWalletAccountId('alice', 'JPY'))).toMatchObject({
      debitsPending: 3 * FEE,
      available: 10_000 - 3 * FEE,
    });
    const jwks = { keys: [await signer.publicJwk()] };
    const verified = await verifyTicket(ticket.token, {
      jwks,
      issuer: TEST_ISSUER,
      audience: PROVIDER.subject,
      now: new Date(reservation.startsAtMs),
    });
    expect(verified).toMatchObject({ ok: true, claims: { rsv: reservation.id, res: channel.id, cap: ['broadcast'] } });
    expect(verified.ok && verified.claims.nbf).toBe((reservation.startsAtMs - 300_000) / 1000);
    expect(verified.ok && verified.claims.exp).toBe((reservation.endsAtMs + 300_000) / 1000);
  });

  it('a reconfirm without enough money is a 402 and the booking stays pending', async () => {
    // Prepare
    const { deps, clock, channel } = await setUp();
    const reservation = await createReservation(
      deps,
      customer('poor'),
      'rsv_poor',
      booking(channel.id, alignedStart(clock.now(), 24)),
    );

    // Act
    const code = await codeOf(reconfirmReservation(deps, customer('poor'), reservation.id));

    // Assess
    expect(code).toBe('INSUFFICIENT_FUNDS');
    expect((await deps.store.getReservation(reservation.id))?.status).toBe('pending_reconfirmation');
  });

  it('a late reconfirm is RESERVATION_EXPIRED; the expiry happens once for the schedule and two sweeps; the slots can be booked again', async () => {
    // Prepare
    const { deps, clock, channel, notifier } = await setUp();
    const startsAtMs = alignedStart(clock.now(), 24);
    const reservation = await createReservation(deps, customer('alice'), 'rsv_late', booking(channel.id, startsAtMs));
    clock.set(reservation.reconfirmByMs);

    // Act
    const late = await codeOf(reconfirmReservation(deps, customer('alice'), reservation.id));
    const outcomes = await Promise.all([expireReservation(deps, reservation.id), sweepExpired(deps), sweepExpired(deps)]);

    // Assess
    expect(late).toBe('RESERVATION_EXPIRED');
    expect((outcomes[0] === 'expired' ? 1 : 0) + outcomes[1].done + outcomes[2].done).toBe(1);
    expect((await deps.store.getReservation(reservation.id))?.status).toBe('expired');
    await relayOutbox(deps);
    expect(notifier.delivered.filter((event) => event.type === 'reservation.expired')).toHaveLength(1);
    clock.set(reservation.reconfirmByMs - 3_600_000);
    const again = await createReservation(deps, customer('bob'), 'rsv_again', booking(channel.id, startsAtMs));
    expect(again.status).toBe('pending_reconfirmation');
  });
});

describe('money at the end', () => {
  const confirmedShow = async () => {
    const fixture = await setUp();
    const reservation = await createReservation(
      fixture.deps,
      customer('alice'),
      'rsv_m',
      booking(fixture.channel.id, alignedStart(fixture.clock.now(), 24)),
    );
    await reconfirmReservation(fixture.deps, customer('alice'), reservation.id);
    return { ...fixture, reservation };
  };

  it('cancel before reconfirmation costs nothing; after it the fee is captured', async () => {
    // Prepare
    const { deps, ledger, reservation } = await confirmedShow();

    // Act
    const cancelled = await cancelReservation(deps, customer('alice'), reservation.id);

    // Assess
    expect(cancelled.status).toBe('cancelled');
    expect(await balancesOf(ledger, customerWalletAccountId('alice', 'JPY'))).toMatchObject({
      debitsPosted: 3 * FEE,
      debitsPending: 0,
    });
    expect(await balancesOf(ledger, providerRevenueAccountId(PROVIDER.subject, 'JPY'))).toMatchObject({ creditsPosted: 3 * FEE });
  });

  it('a running show can still be cancelled (fee captured); once it has ended a cancel is SHOW_ENDED and the failure report still decides', async () => {
    // Prepare
    const running = await confirmedShow();
    const ended = await confirmedShow();
    running.clock.set(running.reservation.startsAtMs + 60_000);
    ended.clock.set(ended.reservation.endsAtMs + 6 * 60_000);

    // Act
    const cancelled = await cancelReservation(running.deps, customer('alice'), running.reservation.id);
    const late = await codeOf(cancelReservation(ended.deps, customer('alice'), ended.reservation.id));
    const failed = await reportFailure(ended.deps, PROVIDER, ended.reservation.id, 'encoder down');

    // Assess
    expect(cancelled.status).toBe('cancelled');
    expect(late).toBe('SHOW_ENDED');
    expect(failed.status).toBe('failed');
    expect(await balancesOf(ended.ledger, customerWalletAccountId('alice', 'JPY'))).toMatchObject({
      debitsPosted: 0,
      debitsPending: 0,
    });
  });

  it('a failure outcome voids the hold; a normal completion posts it', async () => {
    // Prepare
    const failedShow = await confirmedShow();
    const normalShow = await confirmedShow();

    // Act
    await reportFailure(failedShow.deps, PROVIDER, failedShow.reservation.id, 'encoder down');
    normalShow.clock.set(normalShow.reservation.endsAtMs + 15 * 60_000);
    const report = await sweepCompletions(normalShow.deps);

    // Assess
    expect(await balancesOf(failedShow.ledger, customerWalletAccountId('alice', 'JPY'))).toMatchObject({
      debitsPosted: 0,
      debitsPending: 0,
      available: 10_000,
    });
    expect(report.done).toBe(1);
    expect((await normalShow.deps.store.getReservation(normalShow.reservation.id))?.status).toBe('completed');
    expect(await balancesOf(normalShow.ledger, providerRevenueAccountId(PROVIDER.subject, 'JPY'))).toMatchObject({
      creditsPosted: 3 * FEE,
      creditsPending: 0,
    });
    expect(await completeReservation(normalShow.deps, normalShow.reservation.id)).toBe('settled');
  });
});

describe('viewers and listings', () => {
  it('names the seats of a full show in its refusal, one seat in the singular', async () => {
    // Prepare
    const shows = await Promise.all(
      [1, 2].map(async (capacity) => {
        const { deps, clock, channel } = await setUp({}, capacity);
        const reservation = await createReservation(
          deps,
          customer('alice'),
          'rsv_f',
          booking(channel.id, alignedStart(clock.now(), 24)),
        );
        await reconfirmReservation(deps, customer('alice'), reservation.id);
        for (let seat = 1; seat <= capacity; seat += 1) {
          await admitViewer(deps, customer(`v${seat}`), reservation.id, `tkt_v${seat}`, undefined);
        }
        return { deps, reservation };
      }),
    );

    // Act
    const refusals = await Promise.all(
      shows.map(({ deps, reservation }) => rejection(admitViewer(deps, customer('v5'), reservation.id, 'tkt_v5', undefined))),
    );

    // Assess
    expect(refusals.map((refusal) => refusal.detail)).toEqual([
      'Show "rsv_f" is full (1 viewer).',
      'Show "rsv_f" is full (2 viewers).',
    ]);
  });

  it('admits up to capacity, then RESERVATION_FULL; a leave frees one seat once; a wrong password is WRONG_PASSWORD', async () => {
    // Prepare
    const { deps, clock, channel, ticketStore } = await setUp({}, 2);
    const reservation = await createReservation(
      deps,
      customer('alice'),
      'rsv_v',
      booking(channel.id, alignedStart(clock.now(), 24), { openLevel: 'password', password: 'open sesame' }),
    );
    await reconfirmReservation(deps, customer('alice'), reservation.id);

    // Act
    const first = await admitViewer(deps, customer('v1'), reservation.id, 'tkt_v1', 'open sesame');
    await admitViewer(deps, customer('v2'), reservation.id, 'tkt_v2', 'open sesame');
    const full = await codeOf(admitViewer(deps, customer('v3'), reservation.id, 'tkt_v3', 'open sesame'));
    const wrong = await codeOf(admitViewer(deps, customer('v4'), reservation.id, 'tkt_v4', 'guess'));
    await releaseViewer(deps, customer('v1'), reservation.id, first.id);
    await releaseViewer(deps, customer('v1'), reservation.id, first.id);
    const afterLeave = await admitViewer(deps, customer('v3'), reservation.id, 'tkt_v3b', 'open sesame');
    const fullAgain = await codeOf(admitViewer(deps, customer('v5'), reservation.id, 'tkt_v5', 'open sesame'));

    // Assess
    expect(full).toBe('RESERVATION_FULL');
    expect(wrong).toBe('WRONG_PASSWORD');
    expect(afterLeave.capabilities).toEqual(['view']);
    expect(fullAgain).toBe('RESERVATION_FULL');
    expect((await deps.store.getReservation(reservation.id))?.viewersWatching).toBe(2);
    expect((await ticketStore.get(first.id))?.status).toBe('revoked');
  });

  it('lists confirmed public and password shows with OPEN inside the connect window, never secret ones', async () => {
    // Prepare
    const { deps, clock, channel } = await setUp();
    const startsAtMs = alignedStart(clock.now(), 24);
    const shows = [
      await createReservation(deps, customer('alice'), 'rsv_pub', booking(channel.id, startsAtMs, { title: 'Public' })),
      await createReservation(
        deps,
        customer('alice'),
        'rsv_pwd',
        booking(channel.id, startsAtMs + 3_600_000, { title: 'Pwd', openLevel: 'password', password: 'pass1' }),
      ),
      await createReservation(
        deps,
        customer('bob'),
        'rsv_sec',
        booking(channel.id, startsAtMs + 7_200_000, { title: 'Secret', openLevel: 'secret', password: 'pass2' }),
      ),
    ];
    for (const show of shows) await reconfirmReservation(deps, customer(show.customerId), show.id);
    clock.set(startsAtMs - 60_000);

    // Act
    const listed = await listShows(deps, { fromMs: startsAtMs - 86_400_000, toMs: startsAtMs + 86_400_000, limit: 10 });

    // Assess
    expect(listed.items.map((item) => [item.title, item.state])).toEqual([
      ['Public', 'OPEN'],
      ['Pwd', 'CLOSE'],
    ]);
  });
});

describe('changes', () => {
  it('changes metadata only; channel and time changes say cancel and book again', async () => {
    // Prepare
    const { deps, clock, channel, notifier } = await setUp();
    const reservation = await createReservation(
      deps,
      customer('alice'),
      'rsv_c',
      booking(channel.id, alignedStart(clock.now(), 24), { friends: ['bob'] }),
    );

    // Act
    const updated = await updateReservation(deps, customer('alice'), reservation.id, { title: 'Renamed', outline: null });
    const refused = await codeOf(Promise.resolve().then(() => refuseFixedFieldChanges({ startsAt: '2026-12-01T00:00:00Z' })));
    const stranger = await codeOf(updateReservation(deps, customer('mallory'), reservation.id, { title: 'Mine' }));

    // Assess
    expect(updated).toMatchObject({ title: 'Renamed', version: 2 });
    expect(updated.outline).toBeUndefined();
    expect(refused).toBe('CHANGE_NOT_ALLOWED');
    expect(stranger).toBe('RESERVATION_NOT_FOUND');
    await relayOutbox(deps);
    expect(notifier.delivered.find((event) => event.type === 'reservation.changed')?.recipients).toEqual(['alice', 'bob']);
  });

  it('a booking past its deadline is not changed: RESERVATION_EXPIRED before and after the expiry ran, as for reconfirm and cancel', async () => {
    // Prepare
    const { deps, clock, channel } = await setUp();
    const reservation = await createReservation(
      deps,
      customer('alice'),
      'rsv_x',
      booking(channel.id, alignedStart(clock.now(), 24)),
    );
    clock.set(reservation.reconfirmByMs + 1_000);

    // Act
    const beforeExpiry = await codeOf(updateReservation(deps, customer('alice'), reservation.id, { title: 'Late' }));
    await expireReservation(deps, reservation.id);
    const afterExpiry = await codeOf(updateReservation(deps, customer('alice'), reservation.id, { title: 'Late' }));

    // Assess
    expect(beforeExpiry).toBe('RESERVATION_EXPIRED');
    expect(afterExpiry).toBe('RESERVATION_EXPIRED');
    expect((await deps.store.getReservation(reservation.id))?.title).toBe(reservation.title);
  });
});
