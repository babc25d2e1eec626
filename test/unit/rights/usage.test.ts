import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/domain/principal';
import { redeemTicket } from '../../../shared/domain/rights/redeem';
import { expireReservations, reportUsage } from '../../../shared/domain/rights/usage';
import { readRemaining } from '../../../shared/domain/rights/remaining';
import { USAGE_DUE_BUCKET_SECONDS, USAGE_DUE_SWEEP, USAGE_LAPSED_RESERVATIONS_PAGE } from '../../../shared/limits';
import { rejection } from '../../fixtures/errors';
import { makeRightsWorld, RESERVATION_SECONDS, type RightsWorld } from '../../fixtures/rights-world';

/** More lapsed reservations than one page of them. */
const LAPSED = USAGE_LAPSED_RESERVATIONS_PAGE + 30;

/** Seconds: reserved by a redeem, settled by a usage report, given back when unreported. */
const scene = async (world: RightsWorld, maxSeconds = 1_000) => {
  const provider = await world.provider();
  const { customer } = await world.customerWithDevice();
  const ticket = await world.ticket(provider.id, customer.id, { maxSeconds });
  const asProvider: Principal = { role: 'provider', subject: provider.id };
  return {
    ticket,
    asProvider,
    reserve: (nonce: string, seconds: number) => redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce, seconds }),
    report: (redemptionId: string, usedSeconds: number) =>
      reportUsage(world.allowanceDeps, asProvider, ticket.id, { redemptionId, usedSeconds }),
    allowance: async () => (await world.store.read(ticket.id))?.allowance,
  };
};

describe('reserving seconds', () => {
  it('reserves what is asked, never more than is left, and answers the reservation', async () => {
    const world = makeRightsWorld();
    const { reserve, allowance } = await scene(world, 500);

    const first = await reserve('a', 300);
    const refused = reserve('b', 300);

    expect(first).toMatchObject({ remaining: { seconds: 200 }, reservation: { seconds: 300 } });
    await expect(refused).rejects.toMatchObject({ code: 'TICKET_EXHAUSTED', extensions: { remaining: { seconds: 200 } } });
    expect(await allowance()).toMatchObject({ secondsLeft: 200, secondsReserved: 300 });
  });

  it('never over-reserves under concurrency', async () => {
    const world = makeRightsWorld();
    const { reserve, allowance } = await scene(world, 1_000);

    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, index) => reserve(`n-${index}`, 300)));

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(3);
    expect(await allowance()).toMatchObject({ secondsLeft: 100, secondsReserved: 900 });
  });

  it('needs the seconds to reserve, at most the reservation time', async () => {
    const world = makeRightsWorld();
    const { ticket, asProvider, reserve } = await scene(world, 10_000);

    await expect(redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'x' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ field: 'seconds' }],
    });
    await expect(reserve('y', RESERVATION_SECONDS + 1)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('reserving seconds near the end of the ticket window (probe AR)', () => {
  it('reserves no more than is left of the window, and a report after exp settles what was used within it', async () => {
    // Prepare: a ticket valid one hour; 10.5 s before its exp.
    const world = makeRightsWorld();
    const { ticket, reserve, report, allowance } = await scene(world, 1_000);
    const expMs = Date.parse(ticket.expiresAt);
    world.clock.set(expMs - 10_500);

    // Act
    const near = await reserve('near', 300);
    const retried = await reserve('near', 300);
    const otherSeconds = reserve('near', 5);
    world.clock.set(expMs + 500);
    const settled = await report(near.redemptionId, 11);

    // Assess: 11 whole seconds were left (rounded up), so 11 were reserved, not 300.
    expect(near).toMatchObject({ remaining: { seconds: 989 }, reservation: { seconds: 11 } });
    // A retry is compared with what the first reserved: 300 asked again reserves 11 again, 5 would not.
    expect(retried).toEqual(near);
    await expect(otherSeconds).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(settled).toMatchObject({ status: 'settled', usedSeconds: 11, releasedSeconds: 0, remaining: { seconds: 989 } });
    expect(await allowance()).toMatchObject({ secondsLeft: 989, secondsReserved: 0 });
  });

  it('reserves what is asked when the window holds it', async () => {
    const world = makeRightsWorld();
    const { ticket, reserve } = await scene(world, 1_000);
    world.clock.set(Date.parse(ticket.expiresAt) - 300_000);

    expect(await reserve('a', 300)).toMatchObject({ reservation: { seconds: 300 } });
  });
});

describe('usage reports', () => {
  it('settle the used seconds and give the rest back, once', async () => {
    const world = makeRightsWorld();
    const { reserve, report, allowance } = await scene(world, 1_000);
    const { redemptionId } = await reserve('a', 400);

    const settled = await report(redemptionId, 150);
    const repeated = await report(redemptionId, 150);

    expect(settled).toEqual({
      redemptionId,
      status: 'settled',
      usedSeconds: 150,
      releasedSeconds: 250,
      remaining: { seconds: 850 },
    });
    expect(repeated).toEqual(settled);
    expect(await allowance()).toMatchObject({ secondsLeft: 850, secondsReserved: 0 });
    await expect(report(redemptionId, 100)).rejects.toMatchObject({ code: 'USAGE_ALREADY_REPORTED' });
  });

  it('refuse more seconds than were reserved, naming the limit', async () => {
    const world = makeRightsWorld();
    const { reserve, report } = await scene(world);
    const { redemptionId } = await reserve('a', 100);

    await expect(report(redemptionId, 101)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ field: 'usedSeconds', message: 'must be at most 100, the seconds reserved' }],
    });
  });

  it('refuse a redemption of another ticket and one that reserved nothing', async () => {
    const world = makeRightsWorld();
    const { report, asProvider } = await scene(world);
    const { customer } = await world.customerWithDevice();
    const usesTicket = await world.ticket(asProvider.subject, customer.id, { maxUses: 2 });
    const { redemptionId } = await redeemTicket(world.redeemDeps, asProvider, usesTicket.id, { nonce: 'u' });

    await expect(report(redemptionId, 1)).rejects.toMatchObject({ code: 'REDEMPTION_NOT_FOUND' });
    await expect(
      reportUsage(world.allowanceDeps, asProvider, usesTicket.id, { redemptionId, usedSeconds: 0 }),
    ).rejects.toMatchObject({ code: 'USAGE_NOT_RESERVED' });
  });
});

describe('unreported reservations', () => {
  it('expire after the reservation time, give all their seconds back, and refuse a late report', async () => {
    const world = makeRightsWorld();
    const { reserve, report, allowance } = await scene(world, 1_000);
    const { redemptionId } = await reserve('a', 400);
    world.clock.advanceSeconds(RESERVATION_SECONDS);

    const late = report(redemptionId, 10);

    await expect(late).rejects.toMatchObject({ code: 'USAGE_RESERVATION_EXPIRED' });
    expect(await allowance()).toMatchObject({ secondsLeft: 1_000, secondsReserved: 0 });
    expect(world.store.events.map((event) => event.kind)).toEqual(['redeem', 'expiry']);
  });

  it('are expired by the sweep exactly once, reading only what is due', async () => {
    const world = makeRightsWorld();
    const { reserve, allowance } = await scene(world, 1_000);
    const due = await reserve('due', 300);
    world.clock.advanceSeconds(60);
    await reserve('later', 200);
    world.clock.advanceSeconds(RESERVATION_SECONDS - 60);

    const sweep = await expireReservations(world.allowanceDeps);
    const again = await expireReservations(world.allowanceDeps);

    expect(sweep.expired).toEqual([due.redemptionId]);
    expect(again.expired).toEqual([]);
    expect(await allowance()).toMatchObject({ secondsLeft: 800, secondsReserved: 200 });
    world.clock.advanceSeconds(USAGE_DUE_BUCKET_SECONDS + USAGE_DUE_SWEEP.settleSeconds);
    expect((await expireReservations(world.allowanceDeps)).expired).toHaveLength(1);
    expect(await allowance()).toMatchObject({ secondsLeft: 1_000, secondsReserved: 0 });
  });
});

describe('a redeem after a reservation expired', () => {
  it('counts the lapsed reservation as released before the sweep runs, and the sweep then expires nothing twice', async () => {
    // Prepare
    const world = makeRightsWorld();
    const { reserve, report, allowance } = await scene(world, 600);
    const all = await reserve('all', 600);
    world.clock.advanceSeconds(RESERVATION_SECONDS);

    // Act
    const after = await reserve('after-expiry', 10);
    const sweep = await expireReservations(world.allowanceDeps);
    const late = report(all.redemptionId, 5);

    // Assess
    expect(after).toMatchObject({ remaining: { seconds: 590 }, reservation: { seconds: 10 } });
    expect(sweep.expired).toEqual([]);
    await expect(late).rejects.toMatchObject({ code: 'USAGE_RESERVATION_EXPIRED' });
    expect(await allowance()).toMatchObject({ secondsLeft: 590, secondsReserved: 10 });
    expect(world.store.events.map((event) => event.kind)).toEqual(['redeem', 'expiry', 'redeem']);
  });

  it('gives back every lapsed reservation before it decides, more than a page of them: none is left held', async () => {
    // Prepare: 130 reservations of 1 s, all lapsed, none closed
    const world = makeRightsWorld();
    const { ticket, reserve, allowance } = await scene(world, LAPSED);
    for (let index = 0; index < LAPSED; index += 1) await reserve(`one-${index}`, 1);
    world.clock.advanceSeconds(RESERVATION_SECONDS);
    const state = await world.store.read(ticket.id);
    if (state === undefined) throw new Error('the ticket is stored');

    // Act
    const seen = await readRemaining(world.store, state.ticket, state.allowance, world.clock.now());
    const all = await reserve('all', LAPSED);

    // Assess: the ticket's view counts them all as given back; the redeem takes all of it
    expect(seen).toEqual({ seconds: LAPSED, reservedSeconds: 0 });
    expect(all).toMatchObject({ remaining: { seconds: 0 }, reservation: { seconds: LAPSED } });
    expect(await allowance()).toMatchObject({ secondsLeft: 0, secondsReserved: LAPSED });
    expect(world.store.events.filter((event) => event.kind === 'expiry')).toHaveLength(LAPSED);
  });

  it('refuses a redeem larger than every lapsed reservation gives back with what is left after all of them', async () => {
    // Prepare: 130 reservations of 1 s lapsed, 20 s never reserved
    const world = makeRightsWorld();
    const { reserve, allowance } = await scene(world, LAPSED + 20);
    for (let index = 0; index < LAPSED; index += 1) await reserve(`one-${index}`, 1);
    world.clock.advanceSeconds(RESERVATION_SECONDS);

    // Act
    const refused = await rejection(reserve('more', LAPSED + 21));
    const fits = await reserve('fits', LAPSED + 20);

    // Assess
    expect(refused).toMatchObject({
      code: 'TICKET_EXHAUSTED',
      extensions: { remaining: { seconds: LAPSED + 20 }, requested: { seconds: LAPSED + 21 } },
    });
    expect(fits).toMatchObject({ remaining: { seconds: 0 } });
    expect(await allowance()).toMatchObject({ secondsLeft: 0, secondsReserved: LAPSED + 20 });
  });

  it('keeps a reservation that has not expired: the redeem that does not fit is refused with what is left', async () => {
    // Prepare
    const world = makeRightsWorld();
    const { reserve, allowance } = await scene(world, 600);
    await reserve('all', 600);
    world.clock.advanceSeconds(RESERVATION_SECONDS - 1);

    // Act
    const refused = reserve('before-expiry', 10);

    // Assess
    await expect(refused).rejects.toMatchObject({ code: 'TICKET_EXHAUSTED', extensions: { remaining: { seconds: 0 } } });
    expect(await allowance()).toMatchObject({ secondsLeft: 0, secondsReserved: 600 });
  });
});
