import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { makeHandler as makePurchaseCreate } from '../../../functions/purchase-create/handler';
import type { MemoryIdempotencyStore } from '../../../shared/adapters/memory/idempotency';
import type { MemoryPurchaseStore } from '../../../shared/adapters/memory/purchases';
import type { PurchaseDeps } from '../../../shared/domain/purchases/create';
import type { Principal } from '../../../shared/domain/principal';
import type { TicketStore } from '../../../shared/domain/tickets/ports';
import { apiEvent, handlerBase, memoryIdempotency } from '../../fixtures/handlers';
import { fundedWalletScene, makeWorld, type World } from '../../fixtures/purchases-world';

/**
 * POST /v1/purchases keeps its idempotency record in the purchase's item: these tests show the
 * guarantees of the generic idempotency layer hold with it (replay, refusal, one purchase per
 * key, repair after a crash) and that the usual answer is rebuilt, not stored.
 */
const makeApi = (purchaseDeps?: (world: World) => PurchaseDeps) => {
  const world = makeWorld();
  const idempotency = memoryIdempotency(world.clock);
  const deps = purchaseDeps?.(world) ?? world.purchaseDeps();
  return {
    world,
    idempotency,
    deps,
    purchaseCreate: makePurchaseCreate({ ...handlerBase(), ...idempotency, purchases: deps, dockets: world.docketDeps }),
  };
};

const scene = async (world: World) => {
  const funded = await fundedWalletScene(world);
  return { ...funded, otherOffer: await world.offer(funded.provider.id, 1_200) };
};

const buy = (
  handler: ReturnType<typeof makePurchaseCreate>,
  buyer: Principal,
  offerId: string,
  key = 'key-1',
): Promise<APIGatewayProxyResult> =>
  handler(
    apiEvent({ method: 'POST', path: '/v1/purchases', principal: buyer, headers: { 'idempotency-key': key }, body: { offerId } }),
    { awsRequestId: 'test' } as Context,
  );

const bodyOf = (result: APIGatewayProxyResult) => JSON.parse(result.body) as Record<string, unknown>;

describe('idempotency of POST /v1/purchases, kept in the purchase item', () => {
  it('stores no answer for a purchase: a repeat after settlement rebuilds the first 201 byte for byte, and a different body is refused', async () => {
    // Prepare
    const api = makeApi();
    const { offer, otherOffer, buyer } = await scene(api.world);
    const first = await buy(api.purchaseCreate, buyer, offer.id);
    expect(await api.world.deliverAll()).toEqual([]);

    // Act
    const again = await buy(api.purchaseCreate, buyer, offer.id);
    const changed = await buy(api.purchaseCreate, buyer, otherOffer.id);

    // Assess
    const id = bodyOf(first).id as string;
    expect(first.statusCode).toBe(201);
    expect((await api.world.purchases.get(id))?.status).toBe('settled');
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    expect(again.headers?.['idempotent-replayed']).toBe('true');
    expect(bodyOf(changed)).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', errors: [{ field: 'offerId' }] });
    expect((api.world.purchases as MemoryPurchaseStore).claims.records.get(id)?.response).toBeUndefined();
    expect((api.idempotency.idempotencyStore as MemoryIdempotencyStore<unknown>).records.size).toBe(0);
  });

  it('two concurrent requests with one key make one purchase and one hold; a refusal is stored and replayed', async () => {
    // Prepare
    const api = makeApi();
    const { customer, offer, buyer } = await scene(api.world);
    const poor = await api.world.customer();
    const poorBuyer = { role: 'customer', subject: poor.id } satisfies Principal;

    // Act
    const answers = await Promise.all([buy(api.purchaseCreate, buyer, offer.id), buy(api.purchaseCreate, buyer, offer.id)]);
    const refused = await buy(api.purchaseCreate, poorBuyer, offer.id, 'key-poor');
    await api.world.topUp(poor.id, (await api.world.agent()).id, 5_000);
    const refusedAgain = await buy(api.purchaseCreate, poorBuyer, offer.id, 'key-poor');

    // Assess
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409]);
    expect(await api.world.pending(api.world.accounts.wallet(customer.id))).toBe(-1_000);
    expect(api.world.queue.sent).toHaveLength(1);
    expect([refused.statusCode, bodyOf(refused).code]).toEqual([402, 'INSUFFICIENT_FUNDS']);
    expect(refusedAgain.body).toBe(refused.body);
    expect(refusedAgain.headers?.['idempotent-replayed']).toBe('true');
  });

  it('a crash after the purchase is stored and before its ticket: 409 while the lease lasts, then the retry takes over and issues the ticket once', async () => {
    // Prepare: the ticket write fails once, and the crashed request never releases its claim.
    let crashes = 1;
    const api = makeApi((world) => {
      const deps = world.purchaseDeps();
      const ticketStore = Object.create(deps.tickets.ticketStore) as TicketStore;
      ticketStore.create = async (record) => {
        if (crashes-- > 0) throw new Error('injected crash before the ticket is stored');
        return deps.tickets.ticketStore.create(record);
      };
      return { ...deps, tickets: { ...deps.tickets, ticketStore } };
    });
    const claims = (api.world.purchases as MemoryPurchaseStore).claims;
    claims.release = async () => undefined;
    const { customer, offer, buyer } = await scene(api.world);

    // Act
    const crashed = await buy(api.purchaseCreate, buyer, offer.id);
    const duringLease = await buy(api.purchaseCreate, buyer, offer.id);
    api.world.clock.advanceSeconds(31);
    const retried = await buy(api.purchaseCreate, buyer, offer.id);
    const replayed = await buy(api.purchaseCreate, buyer, offer.id);

    // Assess
    expect(crashed.statusCode).toBe(500);
    expect(bodyOf(duringLease).code).toBe('IDEMPOTENCY_REQUEST_IN_PROGRESS');
    expect(retried.statusCode).toBe(201);
    const purchase = bodyOf(retried);
    expect(await api.world.ticketStore.get((purchase.ticket as { id: string }).id)).toMatchObject({ status: 'active' });
    expect(replayed.body).toBe(retried.body);
    expect(await api.world.pending(api.world.accounts.wallet(customer.id))).toBe(-1_000);
    expect(api.world.queue.sent).toEqual([{ purchaseId: purchase.id }]);
  });
});
