import { createLocalJWKSet } from 'jose';
import { describe, expect, it } from 'vitest';
import { makeHandler as makeJwksGet } from '../../../functions/jwks-get/handler';
import { makeHandler as makeTicketCreate } from '../../../functions/ticket-create/handler';
import { makeHandler as makeTicketGet } from '../../../functions/ticket-get/handler';
import { MemoryAllowanceStore } from '../../../shared/adapters/memory/rights';
import { LocalKeyJwsSigner, type MemoryTicketStore } from '../../../shared/adapters/memory/tickets';
import type { Principal } from '../../../shared/domain/principal';
import { verifyTicket } from '@kippu/verify';
import { apiEvent, call, handlerBase, memoryIdempotency } from '../../fixtures/handlers';
import { makeWorld, WORLD_ISSUER } from '../../fixtures/purchases-world';

/** Tickets and the key set through makeHandler, on in-memory stores and an in-process key; a registered provider and customer. */
const makeTicketApi = async () => {
  const world = makeWorld();
  const base = handlerBase();
  const provider = await world.provider();
  const holder = await world.customer();
  return {
    world,
    provider: { role: 'provider', subject: provider.id } satisfies Principal,
    holderId: holder.id,
    ticketCreate: makeTicketCreate({
      ...base,
      ...memoryIdempotency(world.clock),
      tickets: world.tickets,
      parties: world.partyDeps.parties,
    }),
    ticketGet: makeTicketGet({
      ...base,
      allowances: new MemoryAllowanceStore(world.ticketStore as MemoryTicketStore),
      clock: world.clock,
    }),
  };
};

const ticketBody = (providerId: string, holderId: string) => ({
  providerId,
  holderId,
  resource: 'server-1/stream-7',
  validitySeconds: 3_600,
  capabilities: ['image', 'voice'],
});

describe('the ticket handlers', () => {
  it('ticket-create issues a signed ticket for the provider itself, and refuses another provider', async () => {
    // Prepare
    const api = await makeTicketApi();
    const PROVIDER = api.provider;
    const issue = (providerId: string) =>
      call(
        api.ticketCreate,
        apiEvent({ method: 'POST', path: '/v1/tickets', principal: PROVIDER, body: ticketBody(providerId, api.holderId) }),
      );

    // Act
    const issued = await issue(PROVIDER.subject);
    const foreign = await issue('prv-other');
    const jwks = { keys: [await (api.world.signer as LocalKeyJwsSigner).publicJwk()] };
    const verified = await verifyTicket(String(issued.body.token), {
      jwks,
      issuer: WORLD_ISSUER,
      audience: PROVIDER.subject,
      now: new Date(api.world.clock.now()),
    });

    // Assess
    expect(issued).toMatchObject({ status: 201, body: { providerId: PROVIDER.subject, status: 'active' } });
    expect(issued.body).not.toHaveProperty('holderId');
    expect(verified).toMatchObject({ ok: true, claims: { aud: PROVIDER.subject, res: 'server-1/stream-7' } });
    expect(foreign).toMatchObject({ status: 403, body: { code: 'FORBIDDEN', errors: [{ field: 'providerId' }] } });
  });

  it('ticket-create refuses a provider or a holder that is not registered: 404, nothing signed', async () => {
    // Prepare
    const api = await makeTicketApi();
    const operator: Principal = { role: 'operator', subject: 'op-1' };
    const issue = (providerId: string, holderId: string) =>
      call(
        api.ticketCreate,
        apiEvent({ method: 'POST', path: '/v1/tickets', principal: operator, body: ticketBody(providerId, holderId) }),
      );

    // Act
    const ghostProvider = await issue('prv_ghost', api.holderId);
    const ghostHolder = await issue(api.provider.subject, 'cus_nope');

    // Assess
    expect(ghostProvider).toMatchObject({ status: 404, body: { code: 'PROVIDER_NOT_FOUND', errors: [{ field: 'providerId' }] } });
    expect(ghostHolder).toMatchObject({ status: 404, body: { code: 'CUSTOMER_NOT_FOUND', errors: [{ field: 'holderId' }] } });
    expect((api.world.tickets.metrics as unknown as { points: { name: string }[] }).points.map((point) => point.name)).toEqual(
      [],
    );
  });

  it('ticket-get shows the ticket to its holder and is a 404 for another customer', async () => {
    // Prepare
    const api = await makeTicketApi();
    const issued = await call(
      api.ticketCreate,
      apiEvent({
        method: 'POST',
        path: '/v1/tickets',
        principal: api.provider,
        body: ticketBody(api.provider.subject, api.holderId),
      }),
    );
    const ticketId = String(issued.body.id);
    const read = (principal: Principal) =>
      call(
        api.ticketGet,
        apiEvent({ method: 'GET', path: `/v1/tickets/${ticketId}`, principal, pathParameters: { id: ticketId } }),
      );

    // Act
    const byHolder = await read({ role: 'customer', subject: api.holderId });
    const byStranger = await read({ role: 'customer', subject: 'cus-bob' });
    api.world.clock.advanceSeconds(3_600);
    const afterWindow = await read({ role: 'customer', subject: api.holderId });

    // Assess
    expect(byHolder).toMatchObject({ status: 200, body: { id: ticketId, holderId: api.holderId, token: issued.body.token } });
    expect(byStranger).toMatchObject({ status: 404, body: { code: 'TICKET_NOT_FOUND' } });
    expect(byHolder.body.status).toBe('active');
    expect(afterWindow).toMatchObject({ status: 200, body: { id: ticketId, status: 'expired' } });
  });

  it('jwks-get answers the public keys with a cache lifetime, read on every request (delegated keys change with each window)', async () => {
    // Prepare
    const signer = new LocalKeyJwsSigner();
    let reads = 0;
    const handler = makeJwksGet({
      ...handlerBase(),
      publicKeys: async () => {
        reads += 1;
        return [await signer.publicJwk()];
      },
    });
    const request = () => call(handler, apiEvent({ method: 'GET', path: '/.well-known/jwks.json' }));

    // Act
    const first = await request();
    const second = await request();

    // Assess
    expect(first).toMatchObject({ status: 200, headers: { 'cache-control': 'public, max-age=300' } });
    expect(second.body).toEqual(first.body);
    expect(reads).toBe(2);
    expect(() => createLocalJWKSet(first.body as { keys: [] })).not.toThrow();
    expect(first.body).toEqual({ keys: [await signer.publicJwk()] });
  });
});
