import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/domain/principal';
import { grantTicket } from '../../../shared/domain/rights/grants';
import { redeemTicket } from '../../../shared/domain/rights/redeem';
import { readRemaining, remainingAt } from '../../../shared/domain/rights/remaining';
import { transferTicket } from '../../../shared/domain/rights/transfer';
import { reportUsage } from '../../../shared/domain/rights/usage';
import { boundTicket, deviceProof, makeRightsWorld, RESERVATION_SECONDS, type RightsWorld } from '../../fixtures/rights-world';

/** What is left on a ticket, as GET /v1/tickets/{id} shows it to its holder and its provider (SPEC S5). */
const remainingOf = async (world: RightsWorld, ticketId: string) => {
  const state = await world.store.read(ticketId);
  if (state === undefined) throw new Error(`no ticket ${ticketId}`);
  return readRemaining(world.store, state.ticket, state.allowance, world.clock.now());
};

describe('the remaining allowance of a ticket', () => {
  it('is absent for a ticket that counts neither uses nor seconds, and the claims before any change', async () => {
    const world = makeRightsWorld();
    const provider = await world.provider();
    const { customer } = await world.customerWithDevice();
    const windowOnly = await world.ticket(provider.id, customer.id);
    const counted = await world.ticket(provider.id, customer.id, { maxUses: 3, maxSeconds: 500 });

    expect(await remainingOf(world, windowOnly.id)).toBeUndefined();
    expect(await remainingOf(world, counted.id)).toEqual({ uses: 3, seconds: 500, reservedSeconds: 0 });
  });

  it('follows a redeem and its usage report, and counts a lapsed reservation as given back before any sweep', async () => {
    const world = makeRightsWorld();
    const provider = await world.provider();
    const asProvider: Principal = { role: 'provider', subject: provider.id };
    const { customer } = await world.customerWithDevice();
    const ticket = await world.ticket(provider.id, customer.id, { maxSeconds: 500 });

    const first = await redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'r-1', seconds: 300 });
    const afterRedeem = await remainingOf(world, ticket.id);
    await reportUsage(world.allowanceDeps, asProvider, ticket.id, { redemptionId: first.redemptionId, usedSeconds: 100 });
    const afterReport = await remainingOf(world, ticket.id);
    await redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'r-2', seconds: 150 });
    const reserved = await remainingOf(world, ticket.id);
    world.clock.advanceSeconds(RESERVATION_SECONDS - 1);
    const beforeExpiry = await remainingOf(world, ticket.id);
    world.clock.advanceSeconds(1);
    const atExpiry = await remainingOf(world, ticket.id);

    expect(afterRedeem).toEqual({ seconds: 200, reservedSeconds: 300 });
    expect(afterReport).toEqual({ seconds: 400, reservedSeconds: 0 });
    expect(reserved).toEqual({ seconds: 250, reservedSeconds: 150 });
    expect(beforeExpiry).toEqual(reserved);
    // The reservation expired at its instant: no sweep ran, and the read wrote nothing.
    expect(atExpiry).toEqual({ seconds: 400, reservedSeconds: 0 });
    expect((await world.store.read(ticket.id))?.allowance).toMatchObject({ secondsLeft: 250, secondsReserved: 150 });
  });

  it('of a revoked ticket is what was left when it stopped, and reservations made before still settle against it', async () => {
    const world = makeRightsWorld();
    const provider = await world.provider();
    const asProvider: Principal = { role: 'provider', subject: provider.id };
    const { customer } = await world.customerWithDevice();
    const ticket = await world.ticket(provider.id, customer.id, { maxSeconds: 1_000 });
    const reported = await redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'r-1', seconds: 300 });
    await redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'r-2', seconds: 200 });
    await world.ticketStore.revoke(ticket.id, new Date(world.clock.now()).toISOString());

    const whenStopped = await remainingOf(world, ticket.id);
    const redeem = redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'r-3', seconds: 1 });
    await expect(redeem).rejects.toMatchObject({ code: 'TICKET_REVOKED' });
    const report = await reportUsage(world.allowanceDeps, asProvider, ticket.id, {
      redemptionId: reported.redemptionId,
      usedSeconds: 50,
    });
    const afterReport = await remainingOf(world, ticket.id);
    world.clock.advanceSeconds(RESERVATION_SECONDS);
    const afterLapse = await remainingOf(world, ticket.id);

    expect(whenStopped).toEqual({ seconds: 500, reservedSeconds: 500 });
    expect(report).toMatchObject({ status: 'settled', usedSeconds: 50, releasedSeconds: 250, remaining: { seconds: 750 } });
    expect(afterReport).toEqual({ seconds: 750, reservedSeconds: 200 });
    expect(afterLapse).toEqual({ seconds: 950, reservedSeconds: 0 });
  });

  it('splits on a grant: the grantor keeps what it did not give, the grantee holds what it got', async () => {
    const world = makeRightsWorld();
    const provider = await world.provider();
    const grantor = await world.customerWithDevice();
    const grantee = await world.customerWithDevice();
    const ticket = await world.ticket(provider.id, grantor.customer.id, { maxUses: 10, maxSeconds: 3_000 });

    const granted = await grantTicket(
      world.grantDeps,
      grantor.principal,
      ticket.id,
      { granteeId: grantee.customer.id, uses: 4, seconds: 1_000 },
      'g-1',
    );

    expect(await remainingOf(world, ticket.id)).toEqual({ uses: 6, seconds: 2_000, reservedSeconds: 0 });
    expect(await remainingOf(world, granted.ticket.id)).toEqual({ uses: 4, seconds: 1_000, reservedSeconds: 0 });
  });

  it('moves with a transfer: the new ticket holds what was left, the old one nothing', async () => {
    const world = makeRightsWorld();
    const { provider, holder, ticket } = await boundTicket(world);
    const proof = await deviceProof(holder.device.keys, { nonce: 'n-1', tkt: ticket.id, iat: world.nowSeconds() });
    await redeemTicket(world.redeemDeps, { role: 'provider', subject: provider.id }, ticket.id, { nonce: 'n-1', proof });
    const tablet = await world.addDevice(holder.customer.id, 'tablet');
    await world.pair(holder.customer.id, holder.device, tablet);

    const moved = await transferTicket(world.transferDeps, holder.principal, ticket.id, { toDeviceId: tablet.record.id });

    expect(await remainingOf(world, moved.ticket.id)).toEqual({ uses: 4 });
    expect(await remainingOf(world, ticket.id)).toEqual({ uses: 0 });
  });

  it('judges lapsed reservations by the arithmetic of their expiry (pure)', () => {
    const allowance = { version: 3, usesLeft: 2, secondsLeft: 100, secondsReserved: 250 };

    expect(remainingAt({ maxUses: 5, maxSeconds: 400 }, allowance, [])).toEqual({
      uses: 2,
      seconds: 100,
      reservedSeconds: 250,
    });
    expect(remainingAt({ maxUses: 5, maxSeconds: 400 }, allowance, [{ seconds: 200 }])).toEqual({
      uses: 2,
      seconds: 300,
      reservedSeconds: 50,
    });
  });
});
