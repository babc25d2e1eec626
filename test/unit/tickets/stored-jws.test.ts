import { verifyDocket, verifyTicket } from '@kippu/verify';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import type { LocalKeyJwsSigner } from '../../../shared/adapters/memory/tickets';
import { DOCKET_JWS_LAYOUT, DOCKET_TYPE } from '../../../shared/domain/purchases/docket';
import type { PurchaseRecord } from '../../../shared/domain/purchases/purchase';
import { TICKET_TYPE } from '../../../shared/domain/tickets/jws';
import { compactJws, rebuildJws, TICKET_JWS_LAYOUT, type StoredJws } from '../../../shared/domain/tickets/stored-jws';
import type { TicketRecord } from '../../../shared/domain/tickets/ticket';
import { makeWorld, WORLD_ISSUER, type World } from '../../fixtures/purchases-world';

/**
 * A ticket's token and a docket are stored as what their record does not say (the kid when
 * the record lacks it, the signature, a few claims) and rebuilt on read: the same bytes as
 * the token that was signed, which still verifies. A token the layout cannot rebuild
 * exactly is never compacted.
 */
const keySetOf = async (world: World) => ({ keys: [await (world.signer as LocalKeyJwsSigner).publicJwk()] });

/** A settled purchase of each route (a long resource), with its ticket. */
const settledPurchases = async () => {
  const world = makeWorld();
  const provider = await world.provider({ trusted: true, platformFeeBps: 1_000 });
  const carrier = await world.agent(500);
  const walletCustomer = await world.customer();
  await world.topUp(walletCustomer.id, carrier.id, 5_000);
  const carrierCustomer = await world.customer({ agentId: carrier.id, creditLimitMinor: 10_000 });
  const offer = await world.offer(provider.id, 1_000);
  const bought = [
    await world.buy(walletCustomer.id, { offerId: offer.id, route: 'wallet' }),
    await world.buy(carrierCustomer.id, { offerId: offer.id, route: 'carrier' }),
  ];
  expect(await world.deliverAll()).toEqual([]);
  const purchases = await Promise.all(bought.map(async ({ purchase }) => world.purchases.get(purchase.id)));
  const tickets = await Promise.all(bought.map(async ({ ticket }) => world.ticketStore.get(ticket?.id ?? '')));
  return { world, provider, purchases: purchases as PurchaseRecord[], tickets: tickets as TicketRecord[] };
};

const docketSource = (purchase: PurchaseRecord) => {
  const { docket: _docket, ...settlement } = purchase.settlement ?? expect.unreachable('the purchase is settled');
  return { purchase, settlement };
};

const withPayload = (token: string, change: (payload: Record<string, unknown>) => Record<string, unknown>): string => {
  const [header = '', payload = '', signature = ''] = token.split('.');
  const changed = change(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>);
  return `${header}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${signature}`;
};

describe('tokens stored beside their records', () => {
  it('a ticket and a docket of each route are stored as the signature and what the record lacks, and rebuild to the signed bytes, which verify', async () => {
    // Prepare
    const { world, provider, purchases, tickets } = await settledPurchases();
    const jwks = await keySetOf(world);
    const now = new Date(world.clock.now());

    for (const [index, purchase] of purchases.entries()) {
      const ticket = tickets[index] ?? expect.unreachable('every purchase has its ticket');
      const docket = purchase.settlement?.docket ?? '';

      // Act
      const storedTicket = compactJws(TICKET_JWS_LAYOUT, ticket.token, ticket);
      const storedDocket = compactJws(DOCKET_JWS_LAYOUT, docket, docketSource(purchase));
      const rebuiltTicket = rebuildJws(TICKET_JWS_LAYOUT, storedTicket ?? expect.unreachable('compacted'), ticket);
      const rebuiltDocket = rebuildJws(
        DOCKET_JWS_LAYOUT,
        storedDocket ?? expect.unreachable('compacted'),
        docketSource(purchase),
      );

      // Assess
      expect(storedTicket).toEqual({
        form: 1,
        sig: ticket.token.split('.')[2],
        claims: { iss: WORLD_ISSUER, pur: purchase.id, txn: purchase.holdTransferId },
      });
      expect(storedDocket).toEqual({
        form: 1,
        kid: await world.signer.keyId(),
        sig: docket.split('.')[2],
        claims: { iss: WORLD_ISSUER },
      });
      expect(rebuiltTicket).toBe(ticket.token);
      expect(rebuiltDocket).toBe(docket);
      expect(await verifyTicket(rebuiltTicket ?? '', { jwks, issuer: WORLD_ISSUER, audience: provider.id, now })).toMatchObject({
        ok: true,
      });
      expect(await verifyDocket(rebuiltDocket ?? '', { jwks, issuer: WORLD_ISSUER, audience: provider.id, now })).toMatchObject({
        ok: true,
        claims: { pur: purchase.id, route: purchase.route },
      });
      const { protectedHeader } = await jwtVerify(rebuiltDocket ?? '', createLocalJWKSet(jwks), {
        currentDate: now,
        typ: DOCKET_TYPE,
      });
      expect(protectedHeader.kid).toBe(await world.signer.keyId());
      await expect(
        jwtVerify(rebuiltTicket ?? '', createLocalJWKSet(jwks), { currentDate: now, typ: TICKET_TYPE }),
      ).resolves.toBeDefined();
    }
  });

  it('a token the layout does not rebuild exactly is stored whole, and a stored form of another layout is not read', async () => {
    // Prepare
    const { purchases, tickets } = await settledPurchases();
    const [ticket] = tickets;
    const [purchase] = purchases;
    if (ticket === undefined || purchase === undefined) throw new Error('the scene has a purchase');
    const docket = purchase.settlement?.docket ?? '';
    const unreadable: StoredJws = { ...(compactJws(TICKET_JWS_LAYOUT, ticket.token, ticket) ?? { form: 1, sig: '' }), form: 2 };

    // Act
    const refused = [
      // A claim the layout does not know (the signer gained one).
      compactJws(
        TICKET_JWS_LAYOUT,
        withPayload(ticket.token, (payload) => ({ ...payload, new: 1 })),
        ticket,
      ),
      // The claims in another order (the signer serializes differently).
      compactJws(
        TICKET_JWS_LAYOUT,
        withPayload(ticket.token, ({ iss, ...rest }) => ({ ...rest, iss })),
        ticket,
      ),
      // A claim the record gives is absent from the token.
      compactJws(
        DOCKET_JWS_LAYOUT,
        withPayload(docket, ({ res: _res, ...rest }) => rest),
        docketSource(purchase),
      ),
      // A claim to keep that holds an object: a map attribute would not keep its members' order.
      compactJws(
        DOCKET_JWS_LAYOUT,
        withPayload(docket, (payload) => ({ ...payload, feeBps: { platform: 1, carrier: 2 } })),
        docketSource(purchase),
      ),
      compactJws(
        TICKET_JWS_LAYOUT,
        withPayload(ticket.token, (payload) => ({ ...payload, cap: [{ image: true }] })),
        ticket,
      ),
      // Not a docket (the type differs) and not a JWS at all.
      compactJws(TICKET_JWS_LAYOUT, docket, ticket),
      compactJws(TICKET_JWS_LAYOUT, 'x'.repeat(300), ticket),
    ];
    // A claim that differs from the record is kept, so the token is still rebuilt exactly.
    const otherResource = withPayload(ticket.token, (payload) => ({ ...payload, res: 'elsewhere' }));
    const kept = compactJws(TICKET_JWS_LAYOUT, otherResource, ticket);

    // Assess
    expect(refused).toEqual([undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
    expect(kept?.claims).toMatchObject({ res: 'elsewhere' });
    expect(rebuildJws(TICKET_JWS_LAYOUT, kept ?? { form: 1, sig: '' }, ticket)).toBe(otherResource);
    expect(rebuildJws(TICKET_JWS_LAYOUT, unreadable, ticket)).toBeUndefined();
  });
});
