import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/domain/principal';
import { refundPurchase, type RefundDeps } from '../../../shared/domain/purchases/refund';
import { grantTicket } from '../../../shared/domain/rights/grants';
import { transferTicket } from '../../../shared/domain/rights/transfer';
import type { TicketStore } from '../../../shared/domain/tickets/ports';
import { makeRightsWorld, type RightsWorld } from '../../fixtures/rights-world';

/**
 * A refund ends every right bought with the purchase's money: the ticket and every ticket made
 * from it (grants, transfers, at any depth), each revoked and listed once, also when a grant
 * races the refund or the refund crashes part-way and is retried.
 */
const boughtScene = async (world: RightsWorld, maxUses = 5) => {
  const provider = await world.provider();
  const { content } = await world.content(provider.id);
  const offer = await world.rightsOffer(provider.id, { contentId: content.id, deviceBound: true, maxUses });
  const holder = await world.customerWithDevice();
  const grantee = await world.customerWithDevice();
  const { purchase, ticket } = await world.buy(holder.customer.id, {
    offerId: offer.id,
    deviceId: holder.device.record.id,
    purpose: 'viewing',
  });
  if (ticket === undefined) throw new Error('the purchase issued no ticket');
  const grant = (key: string) =>
    grantTicket(
      world.grantDeps,
      holder.principal,
      ticket.id,
      { granteeId: grantee.customer.id, uses: 1, granteeDeviceId: grantee.device.record.id },
      key,
    );
  const asProvider: Principal = { role: 'provider', subject: provider.id };
  return { provider, holder, grantee, purchase, ticket, grant, asProvider };
};

const listedIds = async (world: RightsWorld, providerId: string) =>
  (await world.revocations.list(providerId, 0, 100)).entries.map((entry) => entry.ticketId);

const statusOf = async (world: RightsWorld, ticketId: string) => (await world.ticketStore.get(ticketId))?.status;

/** Refund deps whose ticket store runs `before` once, just before `method` is called for the ticket. */
const refundDepsWith = (
  deps: RefundDeps,
  method: 'revoke' | 'derivedFrom',
  ticketId: string,
  before: () => Promise<void>,
): RefundDeps => {
  const ticketStore = Object.create(deps.ticketStore) as TicketStore;
  let ran = false;
  const original = deps.ticketStore[method].bind(deps.ticketStore) as (id: string, at?: string) => Promise<unknown>;
  Object.assign(ticketStore, {
    [method]: async (id: string, at?: string) => {
      if (id === ticketId && !ran) {
        ran = true;
        await before();
      }
      return original(id, at);
    },
  });
  return { ...deps, ticketStore };
};

describe('a refund and the tickets made from the refunded one', () => {
  it('revokes a grant, the transfer of that grant and the transfer of the ticket, and lists each once, however often it runs', async () => {
    const world = makeRightsWorld();
    const { provider, holder, grantee, purchase, ticket, grant, asProvider } = await boughtScene(world);
    const granted = await grant('g-1');
    const granteeTablet = await world.addDevice(grantee.customer.id, 'tablet');
    await world.pair(grantee.customer.id, grantee.device, granteeTablet);
    const grantMoved = await transferTicket(world.transferDeps, grantee.principal, granted.ticket.id, {
      toDeviceId: granteeTablet.record.id,
    });
    const holderTablet = await world.addDevice(holder.customer.id, 'tablet');
    await world.pair(holder.customer.id, holder.device, holderTablet);
    const moved = await transferTicket(world.transferDeps, holder.principal, ticket.id, { toDeviceId: holderTablet.record.id });

    await refundPurchase(world.refundDeps, asProvider, purchase.id);
    const listed = await listedIds(world, provider.id);
    await refundPurchase(world.refundDeps, asProvider, purchase.id);

    const derived = [granted.ticket.id, grantMoved.ticket.id, moved.ticket.id];
    expect([...listed].sort()).toEqual([ticket.id, ...derived].sort());
    expect(await listedIds(world, provider.id)).toEqual(listed);
    expect(await Promise.all(derived.map((id) => statusOf(world, id)))).toEqual(['revoked', 'revoked', 'revoked']);
  });

  it('revokes a grant that committed just before the refund revoked its source, and refuses one that comes just after', async () => {
    const world = makeRightsWorld();
    const { provider, purchase, ticket, grant, asProvider } = await boughtScene(world);
    let before: string | undefined;
    let after: unknown;
    const deps = refundDepsWith(world.refundDeps, 'revoke', ticket.id, async () => {
      before = (await grant('just-before')).ticket.id;
    });
    const racing = refundDepsWith(deps, 'derivedFrom', ticket.id, async () => {
      after = await grant('just-after').catch((error: unknown) => error);
    });

    await refundPurchase(racing, asProvider, purchase.id);

    expect(before).toBeDefined();
    expect(await statusOf(world, before ?? '')).toBe('revoked');
    expect(await listedIds(world, provider.id)).toEqual(expect.arrayContaining([ticket.id, before]));
    expect(after).toMatchObject({ code: 'TICKET_REVOKED' });
  });

  it('after a crash part-way leaves the purchase unrefunded, so that its retry revokes the rest', async () => {
    const world = makeRightsWorld();
    const { purchase, ticket, grant, asProvider } = await boughtScene(world);
    const granted = await grant('g-1');
    const crashing = refundDepsWith(world.refundDeps, 'revoke', granted.ticket.id, async () => {
      throw new Error('crash');
    });

    const crashed = await refundPurchase(crashing, asProvider, purchase.id).catch((error: unknown) => error);
    const afterCrash = await world.purchases.get(purchase.id);
    const retried = await refundPurchase(world.refundDeps, asProvider, purchase.id);

    expect(crashed).toBeInstanceOf(Error);
    expect(afterCrash?.status).not.toBe('refunded');
    expect(await statusOf(world, ticket.id)).toBe('revoked');
    expect(retried.status).toBe('refunded');
    expect(await statusOf(world, granted.ticket.id)).toBe('revoked');
  });

  it('lists the grants of a ticket together: one append for the ticket, one for its many grants, each listed once', async () => {
    // Prepare: a ticket of 60 uses granted away one use at a time to 59 grantees' devices.
    const world = makeRightsWorld();
    const { provider, purchase, ticket, grant, asProvider } = await boughtScene(world, 60);
    const grants = [];
    for (let index = 0; index < 59; index += 1) {
      const { ticket: granted } = await grant(`g-${index}`);
      grants.push(granted.id);
    }
    const appended: number[] = [];
    const append = world.revocations.append.bind(world.revocations);
    world.revocations.append = async (entries) => {
      appended.push(entries.length);
      return append(entries);
    };

    // Act
    const refunded = await refundPurchase(world.refundDeps, asProvider, purchase.id);

    // Assess
    expect(refunded.status).toBe('refunded');
    expect(appended).toEqual([1, grants.length]);
    const listed = await listedIds(world, provider.id);
    expect(listed).toHaveLength(grants.length + 1);
    expect(new Set(listed)).toEqual(new Set([ticket.id, ...grants]));
    for (const id of [ticket.id, ...grants]) expect(await statusOf(world, id)).toBe('revoked');
  });
});
