import { describe, expect, it } from 'vitest';
import { makeHandler } from '../../../functions/carrier-account-end/handler';
import type { Principal } from '../../../shared/domain/principal';
import { apiEvent, call, handlerBase, memoryIdempotency } from '../../fixtures/handlers';
import { makeWorld } from '../../fixtures/purchases-world';

/** carrier-account-end through makeHandler: the two routes, who may call each, and a replay with the Idempotency-Key. */
const scene = async () => {
  const world = makeWorld();
  const handler = makeHandler({ ...handlerBase(), ...memoryIdempotency(world.clock), parties: world.partyDeps });
  const carrier = await world.agent(500);
  const customer = await world.customer({ agentId: carrier.id, creditLimitMinor: 5_000 });
  const leave = (principal: Principal, key?: string) =>
    call(
      handler,
      apiEvent({
        method: 'DELETE',
        path: '/v1/me/carrier-account',
        principal,
        ...(key === undefined ? {} : { headers: { 'idempotency-key': key } }),
      }),
    );
  const end = (principal: Principal) =>
    call(
      handler,
      apiEvent({
        method: 'DELETE',
        path: `/v1/customers/${customer.id}/carrier-account`,
        principal,
        pathParameters: { id: customer.id },
      }),
    );
  return { world, carrier, customer, leave, end };
};

describe('the carrier-account-end handler', () => {
  it('lets only a customer leave, and only an operator or an agent end a subscription by customer id', async () => {
    // Prepare
    const { carrier, customer, leave, end } = await scene();

    // Act
    const agentLeaving = await leave({ role: 'agent', subject: carrier.id });
    const customerEnding = await end({ role: 'customer', subject: customer.id });
    const providerEnding = await end({ role: 'provider', subject: 'prv_1' });

    // Assess
    expect([agentLeaving.status, customerEnding.status, providerEnding.status]).toEqual([403, 403, 403]);
    expect(agentLeaving.body.code).toBe('FORBIDDEN');
  });

  it('answers 200 with the customer as it now stands, and replays it for the same Idempotency-Key', async () => {
    // Prepare
    const { carrier, customer, leave } = await scene();
    const asCustomer: Principal = { role: 'customer', subject: customer.id };

    // Act
    const first = await leave(asCustomer, 'leave-1');
    const replay = await leave(asCustomer, 'leave-1');

    // Assess
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: customer.id, formerCarrier: { agentId: carrier.id, creditLimitMinor: 5_000 } });
    expect(first.body).not.toHaveProperty('carrier');
    expect(first.body.formerCarrier).not.toHaveProperty('endedBy');
    expect(replay).toMatchObject({ status: 200, body: first.body, headers: { 'idempotent-replayed': 'true' } });
  });
});
