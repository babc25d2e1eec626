import { describe, expect, it } from 'vitest';
import { makeHandler as makeOfferCreate } from '../../../functions/offer-create/handler';
import { makeHandler as makeOfferGet } from '../../../functions/offer-get/handler';
import { makeHandler as makeOfferList } from '../../../functions/offer-list/handler';
import { apiEvent, call, handlerBase, memoryIdempotency } from '../../fixtures/handlers';
import { makeWorld } from '../../fixtures/purchases-world';

/** Offers through makeHandler, on the in-memory world of the purchase tests. */
const makeOfferApi = () => {
  const world = makeWorld();
  const base = handlerBase();
  return {
    world,
    offerCreate: makeOfferCreate({ ...base, ...memoryIdempotency(world.clock), offers: world.offerDeps }),
    offerList: makeOfferList({ ...base, offers: world.offers, parties: world.parties }),
    offerGet: makeOfferGet({ ...base, offers: world.offers }),
  };
};

const offerBody = (providerId: string, title: string) => ({
  providerId,
  title,
  resource: 'server-1/stream-7',
  priceMinor: 1_000,
  currency: 'JPY',
  validitySeconds: 3_600,
  capabilities: ['image'],
});

describe('the offer handlers', () => {
  it('offer-create lets a provider publish its own offers only', async () => {
    // Prepare
    const api = makeOfferApi();
    const provider = await api.world.provider();
    const create = (providerId: string) =>
      call(
        api.offerCreate,
        apiEvent({
          method: 'POST',
          path: '/v1/offers',
          principal: { role: 'provider', subject: provider.id },
          body: offerBody(providerId, 'Harbour camera'),
        }),
      );

    // Act
    const own = await create(provider.id);
    const foreign = await create('prv-other');

    // Assess
    expect(own).toMatchObject({ status: 201, body: { providerId: provider.id, title: 'Harbour camera', priceMinor: 1_000 } });
    expect(own.body).not.toHaveProperty('searchText');
    expect(own.headers).toMatchObject({ location: `/v1/offers/${String(own.body.id)}` });
    expect(foreign).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
  });

  it("offer-get reads the offer at its create's Location, for any signed-in role; no offer is 404 OFFER_NOT_FOUND", async () => {
    // Prepare
    const api = makeOfferApi();
    const provider = await api.world.provider();
    const created = await call(
      api.offerCreate,
      apiEvent({
        method: 'POST',
        path: '/v1/offers',
        principal: { role: 'provider', subject: provider.id },
        body: offerBody(provider.id, 'Harbour camera'),
      }),
    );
    const get = (role: 'customer' | 'provider' | 'agent' | 'operator', id: string) =>
      call(
        api.offerGet,
        apiEvent({ method: 'GET', path: '/v1/offers/{id}', principal: { role, subject: 'someone' }, pathParameters: { id } }),
      );
    const id = String(created.body.id);

    // Act
    const read = await Promise.all((['customer', 'provider', 'agent', 'operator'] as const).map((role) => get(role, id)));
    const missing = await get('customer', 'ofr_nothing');

    // Assess
    expect(created.headers['location']).toBe(`/v1/offers/${id}`);
    for (const answer of read) expect(answer).toMatchObject({ status: 200, body: created.body });
    expect(missing).toMatchObject({ status: 404, body: { code: 'OFFER_NOT_FOUND' } });
  });

  it('offer-list searches by keyword, pages with a cursor and refuses a cursor it did not hand out', async () => {
    // Prepare
    const api = makeOfferApi();
    const provider = await api.world.provider();
    for (const title of ['Harbour camera', 'Mountain camera', 'Harbour lights']) {
      await api.world.offer(provider.id, 1_000, { title });
      api.world.clock.advanceSeconds(1);
    }
    const list = (query: Record<string, string>) =>
      call(api.offerList, apiEvent({ method: 'GET', path: '/v1/offers', principal: { role: 'customer', subject: 'c' }, query }));

    // Act
    const first = await list({ q: 'harbour', limit: '1' });
    const second = await list({ q: 'harbour', limit: '1', cursor: String(first.body.nextCursor) });
    const stranger = await list({ cursor: 'bm90IGEgY3Vyc29y' });

    // Assess
    expect(first).toMatchObject({ status: 200, body: { items: [{ title: 'Harbour lights' }] } });
    expect(second).toMatchObject({ status: 200, body: { items: [{ title: 'Harbour camera' }] } });
    expect(second.body.nextCursor).toBeUndefined();
    expect(stranger).toMatchObject({ status: 400, body: { code: 'INVALID_CURSOR' } });
  });
});
