import { createLocalJWKSet } from 'jose';
import { describe, expect, it } from 'vitest';
import { makeHandler as makeJwksGet } from '../../../functions/jwks-get/handler';
import { makeHandler as makeTicketCreate } from '../../../functions/ticket-create/handler';
import { makeHandler as makeTicketGet } from '../../../functions/ticket-get/handler';
import { LocalKeyJwsSigner } from '../../../shared/adapters/memory/tickets';
import type { Principal } from '../../../shared/domain/principal';
import { verifyTicket } from '@kippu/verify';
import { apiEvent, call, handlerBase, memoryIdempotency } from '../../fixtures/handlers';
import { makeWorld, WORLD_ISSUER } from '../../fixtures/purchases-world';

/** Tickets and the key set through makeHandler, on in-memory stores and an in-process key. */
const PROVIDER: Principal = { role: 'provider', subject: 'prv-camera' };

const makeTicketApi = () => {
  const world = makeWorld();
  const base = handlerBase();
  return {
    world,
    ticketCreate: makeTicketCreate({ ...base, ...memoryIdempotency(world.clock), tickets: world.tickets }),
    ticketGet: makeTicketGet({ ...base, ticketStore: world.ticketStore }),
  };
};

const ticketBody = (providerId: string) => ({
  providerId,
  holderId: 'cus-alice',
  resource: 'server-1/stream-7',
  validitySeconds: 3_600,
  capabilities: ['image', 'voice'],
});

describe('the ticket handlers', () => {
  it('ticket-create issues a signed ticket for the provider itself, and refuses another provider', async () => {
    // Prepare
    const api = makeTicketApi();
    const issue = (providerId: string) =>
      call(
        api.ticketCreate,
        apiEvent({ method: 'POST', path: '/v1/tickets', principal: PROVIDER, body: ticketBody(providerId) }),
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

  it('ticket-get shows the ticket to its holder and is a 404 for another customer', async () => {
    // Prepare
    const api = makeTicketApi();
    const issued = await call(
      api.ticketCreate,
      apiEvent({ method: 'POST', path: '/v1/tickets', principal: PROVIDER, body: ticketBody(PROVIDER.subject) }),
    );
    const ticketId = String(issued.body.id);
    const read = (principal: Principal) =>
      call(
        api.ticketGet,
        apiEvent({ method: 'GET', path: `/v1/tickets/${ticketId}`, principal, pathParameters: { id: ticketId } }),
      );

    // Act
    const byHolder = await read({ role: 'customer', subject: 'cus-alice' });
    const byStranger = await read({ role: 'customer', subject: 'cus-bob' });

    // Assess
    expect(byHolder).toMatchObject({ status: 200, body: { id: ticketId, holderId: 'cus-alice', token: issued.body.token } });
    expect(byStranger).toMatchObject({ status: 404, body: { code: 'TICKET_NOT_FOUND' } });
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
