import { verifyRevocationList, verifyTicket } from '@kippu/verify';
import { describe, expect, it } from 'vitest';
import type { LocalKeyJwsSigner } from '../../../shared/adapters/memory/tickets';
import type { Principal } from '../../../shared/domain/principal';
import { grantTicket } from '../../../shared/domain/rights/grants';
import { redeemTicket } from '../../../shared/domain/rights/redeem';
import { transferTicket } from '../../../shared/domain/rights/transfer';
import { signedRevocationList } from '../../../shared/domain/revocations/revocations';
import { USAGE_LAPSED_RESERVATIONS_PAGE } from '../../../shared/limits';
import { rejection } from '../../fixtures/errors';
import { WORLD_ISSUER } from '../../fixtures/purchases-world';
import { boundTicket, deviceProof, makeRightsWorld, RESERVATION_SECONDS, type RightsWorld } from '../../fixtures/rights-world';

/** More lapsed reservations than one page of them (USAGE_LAPSED_RESERVATIONS_PAGE). */
const LAPSED = USAGE_LAPSED_RESERVATIONS_PAGE + 30;

/** Grants (part of a right to another customer) and transfers (the right to another device). */
const grantScene = async (
  world: RightsWorld,
  input: Parameters<RightsWorld['ticket']>[2] = { maxUses: 10, maxSeconds: 3_000 },
) => {
  const provider = await world.provider();
  const grantor = await world.customerWithDevice();
  const grantee = await world.customerWithDevice();
  const ticket = await world.ticket(provider.id, grantor.customer.id, input);
  return { provider, grantor, grantee, ticket, asProvider: { role: 'provider', subject: provider.id } as Principal };
};

describe('grants', () => {
  it('give the grantee part of the right and take it from the grantor in the same write', async () => {
    const world = makeRightsWorld();
    const { grantor, grantee, ticket } = await grantScene(world);

    const granted = await grantTicket(
      world.grantDeps,
      grantor.principal,
      ticket.id,
      { granteeId: grantee.customer.id, uses: 4, seconds: 1_000 },
      'g-1',
    );
    const grantorLeft = (await world.store.read(ticket.id))?.allowance;
    const granteeTicket = await world.store.read(granted.ticket.id);

    expect(grantorLeft).toMatchObject({ usesLeft: 6, secondsLeft: 2_000 });
    expect(granteeTicket?.ticket).toMatchObject({
      holderId: grantee.customer.id,
      maxUses: 4,
      maxSeconds: 1_000,
      grantedFrom: ticket.id,
    });
    expect((grantorLeft?.usesLeft ?? 0) + (granteeTicket?.allowance.usesLeft ?? 0)).toBe(10);
    expect((grantorLeft?.secondsLeft ?? 0) + (granteeTicket?.allowance.secondsLeft ?? 0)).toBe(3_000);
  });

  it('refuse more than the grantor holds, changing nothing', async () => {
    const world = makeRightsWorld();
    const { grantor, grantee, ticket, asProvider } = await grantScene(world);
    await redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'n', uses: 7, seconds: 100 });

    const tooMuch = grantTicket(
      world.grantDeps,
      grantor.principal,
      ticket.id,
      { granteeId: grantee.customer.id, uses: 4, seconds: 100 },
      'g-1',
    );

    await expect(tooMuch).rejects.toMatchObject({
      code: 'GRANT_EXCEEDS_ALLOWANCE',
      extensions: { remaining: { uses: 3, seconds: 2_900 } },
    });
    expect((await world.store.read(ticket.id))?.allowance).toMatchObject({ usesLeft: 3, secondsLeft: 2_900 });
  });

  it('answer a repeated Idempotency-Key with the same grant and refuse it for another', async () => {
    const world = makeRightsWorld();
    const { grantor, grantee, ticket } = await grantScene(world);
    const request = { granteeId: grantee.customer.id, uses: 1, seconds: 10 };

    const first = await grantTicket(world.grantDeps, grantor.principal, ticket.id, request, 'g-1');
    const again = await grantTicket(world.grantDeps, grantor.principal, ticket.id, request, 'g-1');
    const other = grantTicket(world.grantDeps, grantor.principal, ticket.id, { ...request, uses: 2 }, 'g-1');

    expect(again).toEqual(first);
    await expect(other).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', fields: [{ field: 'uses' }] });
    expect((await world.store.read(ticket.id))?.allowance.usesLeft).toBe(9);
  });

  it('go to registered customers only, by the holder only, naming what the ticket counts', async () => {
    const world = makeRightsWorld();
    const { grantor, grantee, ticket } = await grantScene(world);

    await expect(
      grantTicket(world.grantDeps, grantor.principal, ticket.id, { granteeId: 'cus_nobody', uses: 1, seconds: 1 }, 'a'),
    ).rejects.toMatchObject({
      code: 'CUSTOMER_NOT_FOUND',
      fields: [{ field: 'granteeId' }],
    });
    await expect(
      grantTicket(world.grantDeps, grantee.principal, ticket.id, { granteeId: grantor.customer.id, uses: 1, seconds: 1 }, 'b'),
    ).rejects.toMatchObject({
      code: 'TICKET_NOT_FOUND',
    });
    await expect(
      grantTicket(world.grantDeps, grantor.principal, ticket.id, { granteeId: grantee.customer.id, uses: 1 }, 'c'),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ field: 'seconds' }],
    });
  });

  it('name, when refused, every allowance field that does not fit the ticket: the one it counts and the one it does not', async () => {
    const world = makeRightsWorld();
    const { grantor, grantee, ticket } = await grantScene(world, { maxUses: 5 });

    const refused = grantTicket(
      world.grantDeps,
      grantor.principal,
      ticket.id,
      { granteeId: grantee.customer.id, seconds: 5 },
      'f',
    );

    await expect(refused).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      detail: `The grant does not fit ticket ${JSON.stringify(ticket.id)}, which counts uses: uses, seconds.`,
      fields: [
        { field: 'uses', message: 'the ticket counts it: say how much to grant' },
        { field: 'seconds', message: 'the ticket counts no seconds' },
      ],
    });
    expect(world.store.events.filter((event) => event.kind === 'grant')).toHaveLength(0);
  });

  it('of a ticket good for its window alone are refused by its state (409 TICKET_NOT_DIVISIBLE), naming no field', async () => {
    const world = makeRightsWorld();
    const { grantor, grantee, ticket } = await grantScene(world, {});

    const refused = grantTicket(world.grantDeps, grantor.principal, ticket.id, { granteeId: grantee.customer.id }, 'w-1');

    await expect(refused).rejects.toMatchObject({ code: 'TICKET_NOT_DIVISIBLE', status: 409, fields: [] });
    expect(world.store.events.filter((event) => event.kind === 'grant')).toHaveLength(0);
  });

  it('of a bound ticket are bound to a device of the grantee', async () => {
    const world = makeRightsWorld();
    const { holder, ticket, asProvider } = await boundTicket(world);
    const grantee = await world.customerWithDevice();

    const unbound = await grantTicket(
      world.grantDeps,
      holder.principal,
      ticket.id,
      { granteeId: grantee.customer.id, uses: 1 },
      'a',
    ).catch((error: unknown) => error);
    const foreignDevice = await grantTicket(
      world.grantDeps,
      holder.principal,
      ticket.id,
      { granteeId: grantee.customer.id, uses: 1, granteeDeviceId: holder.device.record.id },
      'b',
    ).catch((error: unknown) => error);
    const granted = await grantTicket(
      world.grantDeps,
      holder.principal,
      ticket.id,
      { granteeId: grantee.customer.id, uses: 2, granteeDeviceId: grantee.device.record.id },
      'c',
    );
    const proof = await deviceProof(grantee.device.keys, { nonce: 'n', tkt: granted.ticket.id, iat: world.nowSeconds() });

    expect(unbound).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'granteeDeviceId' }] });
    expect(foreignDevice).toMatchObject({ code: 'DEVICE_NOT_FOUND' });
    expect(await redeemTicket(world.redeemDeps, asProvider, granted.ticket.id, { nonce: 'n', proof })).toMatchObject({
      remaining: { uses: 1 },
      contentKey: expect.any(String),
    });
  });
});

describe('a grant of seconds after a reservation lapsed', () => {
  /** A ticket of 600 s, every one reserved by a redeem. */
  const allReserved = async () => {
    const world = makeRightsWorld();
    const { grantor, grantee, ticket, asProvider } = await grantScene(world, { maxSeconds: 600 });
    await redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'all', seconds: 600 });
    const grant = (seconds: number) =>
      grantTicket(world.grantDeps, grantor.principal, ticket.id, { granteeId: grantee.customer.id, seconds }, `g-${seconds}`);
    return { world, ticket, grant };
  };

  it('counts the seconds of the lapsed reservation as free before the sweep runs', async () => {
    // Prepare
    const { world, ticket, grant } = await allReserved();
    world.clock.advanceSeconds(RESERVATION_SECONDS);

    // Act
    const granted = await grant(100);

    // Assess
    expect((await world.store.read(ticket.id))?.allowance).toMatchObject({ secondsLeft: 500, secondsReserved: 0 });
    expect((await world.store.read(granted.ticket.id))?.ticket).toMatchObject({ maxSeconds: 100, grantedFrom: ticket.id });
    expect(world.store.events.map((event) => event.kind)).toEqual(['redeem', 'expiry', 'grant']);
  });

  it('counts every lapsed reservation as free, more than a page of them', async () => {
    // Prepare: 130 reservations of 1 s, all lapsed
    const world = makeRightsWorld();
    const { grantor, grantee, ticket, asProvider } = await grantScene(world, { maxSeconds: LAPSED });
    for (let index = 0; index < LAPSED; index += 1) {
      await redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: `one-${index}`, seconds: 1 });
    }
    world.clock.advanceSeconds(RESERVATION_SECONDS);

    // Act
    const granted = await grantTicket(
      world.grantDeps,
      grantor.principal,
      ticket.id,
      { granteeId: grantee.customer.id, seconds: LAPSED },
      'g-all',
    );

    // Assess
    expect((await world.store.read(ticket.id))?.allowance).toMatchObject({ secondsLeft: 0, secondsReserved: 0 });
    expect((await world.store.read(granted.ticket.id))?.ticket).toMatchObject({ maxSeconds: LAPSED });
    expect(world.store.events.filter((event) => event.kind === 'expiry')).toHaveLength(LAPSED);
  });

  it('keeps a reservation that has not lapsed: the grant is refused with what is left', async () => {
    // Prepare
    const { world, ticket, grant } = await allReserved();
    world.clock.advanceSeconds(RESERVATION_SECONDS - 1);

    // Act
    const refused = grant(100);

    // Assess
    await expect(refused).rejects.toMatchObject({ code: 'GRANT_EXCEEDS_ALLOWANCE', extensions: { remaining: { seconds: 0 } } });
    expect((await world.store.read(ticket.id))?.allowance).toMatchObject({ secondsLeft: 0, secondsReserved: 600 });
  });
});

describe('transfers', () => {
  it('are refused along a pair the customer did not register', async () => {
    const world = makeRightsWorld();
    const { holder, ticket } = await boundTicket(world);
    const tablet = await world.addDevice(holder.customer.id, 'tablet');
    await world.pair(holder.customer.id, tablet, holder.device);

    await expect(
      transferTicket(world.transferDeps, holder.principal, ticket.id, { toDeviceId: tablet.record.id }),
    ).rejects.toMatchObject({
      code: 'TRANSFER_NOT_ALLOWED',
    });
  });

  it('move what is left to the new device, and revoke and list the old ticket so it fails offline verification', async () => {
    const world = makeRightsWorld();
    const { provider, holder, ticket, asProvider } = await boundTicket(world);
    const tablet = await world.addDevice(holder.customer.id, 'tablet');
    await world.pair(holder.customer.id, holder.device, tablet);
    await redeemTicket(world.redeemDeps, asProvider, ticket.id, {
      nonce: 'n-1',
      proof: await deviceProof(holder.device.keys, { nonce: 'n-1', tkt: ticket.id, iat: world.nowSeconds() }),
    });

    const moved = await transferTicket(world.transferDeps, holder.principal, ticket.id, { toDeviceId: tablet.record.id });
    const again = await transferTicket(world.transferDeps, holder.principal, ticket.id, { toDeviceId: tablet.record.id });
    const jwks = { keys: [await (world.signer as LocalKeyJwsSigner).publicJwk()] };
    const list = await signedRevocationList(world.listDeps, provider.id, 0);
    const page = await verifyRevocationList(list.token, {
      jwks,
      issuer: WORLD_ISSUER,
      audience: provider.id,
      now: new Date(world.clock.now()),
    });
    if (!page.ok) throw new Error(page.reason);
    const verify = (token: string) =>
      verifyTicket(token, {
        jwks,
        issuer: WORLD_ISSUER,
        audience: provider.id,
        now: new Date(world.clock.now()),
        revocations: [page.claims],
      });

    expect(again).toEqual(moved);
    expect((await world.store.read(moved.ticket.id))?.ticket).toMatchObject({
      maxUses: 4,
      transferredFrom: ticket.id,
      binding: { deviceId: tablet.record.id },
    });
    expect(await verify(ticket.token)).toMatchObject({ ok: false, reason: 'REVOKED' });
    expect(await verify(moved.ticket.token)).toMatchObject({ ok: true, claims: { max: 4, cnf: { jkt: tablet.record.jkt } } });
    await expect(redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'n-2' })).rejects.toMatchObject({
      code: 'TICKET_REVOKED',
    });
  });

  /** A ticket bound to the holder's phone with `seconds` reserved by a redeem, and a tablet paired with the phone. */
  const boundTicketInUse = async (seconds: number, maxSeconds = 100) => {
    const world = makeRightsWorld();
    const provider = await world.provider();
    const holder = await world.customerWithDevice();
    const tablet = await world.addDevice(holder.customer.id, 'tablet');
    await world.pair(holder.customer.id, holder.device, tablet);
    const binding = {
      deviceId: holder.device.record.id,
      jkt: holder.device.record.jkt,
      publicJwk: holder.device.record.publicJwk,
    };
    const bound = await world.ticket(provider.id, holder.customer.id, { maxSeconds, binding });
    await redeemTicket(world.redeemDeps, { role: 'provider', subject: provider.id }, bound.id, {
      nonce: 'n',
      seconds,
      proof: await deviceProof(holder.device.keys, { nonce: 'n', tkt: bound.id, iat: world.nowSeconds() }),
    });
    return { world, provider, holder, tablet, bound };
  };

  it('name one reserved second in the singular', async () => {
    // Prepare
    const { world, holder, tablet, bound } = await boundTicketInUse(1);

    // Act
    const refused = transferTicket(world.transferDeps, holder.principal, bound.id, { toDeviceId: tablet.record.id });

    // Assess
    await expect(refused).rejects.toMatchObject({
      code: 'TICKET_IN_USE',
      detail: expect.stringContaining(`Ticket ${JSON.stringify(bound.id)} has 1 second reserved;`),
    });
  });

  it('count a reservation past its expiry as released before the sweep runs, and keep one that has not lapsed', async () => {
    // Prepare
    const early = await boundTicketInUse(10);
    const lapsed = await boundTicketInUse(10);
    early.world.clock.advanceSeconds(RESERVATION_SECONDS - 1);
    lapsed.world.clock.advanceSeconds(RESERVATION_SECONDS);

    // Act
    const refused = await rejection(
      transferTicket(early.world.transferDeps, early.holder.principal, early.bound.id, { toDeviceId: early.tablet.record.id }),
    );
    const moved = await transferTicket(lapsed.world.transferDeps, lapsed.holder.principal, lapsed.bound.id, {
      toDeviceId: lapsed.tablet.record.id,
    });

    // Assess
    expect(refused.code).toBe('TICKET_IN_USE');
    expect((await lapsed.world.store.read(moved.ticket.id))?.ticket).toMatchObject({
      maxSeconds: 100,
      transferredFrom: lapsed.bound.id,
      binding: { deviceId: lapsed.tablet.record.id },
    });
    expect(lapsed.world.store.events.map((event) => event.kind)).toEqual(['redeem', 'expiry', 'transfer']);
  });

  it('move a ticket whose lapsed reservations are more than a page: every one is given back first', async () => {
    // Prepare: one reservation through boundTicketInUse, 130 more of 1 s, all lapsed
    const { world, provider, holder, tablet, bound } = await boundTicketInUse(1, 1_000);
    for (let index = 0; index < LAPSED; index += 1) {
      const nonce = `one-${index}`;
      await redeemTicket(world.redeemDeps, { role: 'provider', subject: provider.id }, bound.id, {
        nonce,
        seconds: 1,
        proof: await deviceProof(holder.device.keys, { nonce, tkt: bound.id, iat: world.nowSeconds() }),
      });
    }
    world.clock.advanceSeconds(RESERVATION_SECONDS);

    // Act
    const moved = await transferTicket(world.transferDeps, holder.principal, bound.id, { toDeviceId: tablet.record.id });

    // Assess
    expect((await world.store.read(moved.ticket.id))?.ticket).toMatchObject({ maxSeconds: 1_000, transferredFrom: bound.id });
    expect((await world.store.read(moved.ticket.id))?.allowance).toMatchObject({ secondsLeft: 1_000, secondsReserved: 0 });
    expect(world.store.events.filter((event) => event.kind === 'expiry')).toHaveLength(LAPSED + 1);
  });

  it('wait until no seconds are reserved, and need a bound ticket', async () => {
    const { world, provider, holder, tablet, bound } = await boundTicketInUse(10);
    const unbound = await world.ticket(provider.id, holder.customer.id, { maxUses: 1 });

    await expect(
      transferTicket(world.transferDeps, holder.principal, bound.id, { toDeviceId: tablet.record.id }),
    ).rejects.toMatchObject({ code: 'TICKET_IN_USE', detail: expect.stringContaining('has 10 seconds reserved;') });
    await expect(
      transferTicket(world.transferDeps, holder.principal, unbound.id, { toDeviceId: tablet.record.id }),
    ).rejects.toMatchObject({ code: 'TICKET_NOT_BOUND' });
  });
});
