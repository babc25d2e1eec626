import { describe, expect, it } from 'vitest';
import { makeHandler as makeAgentCreate } from '../../../functions/agent-create/handler';
import { makeHandler as makeAgentGet } from '../../../functions/agent-get/handler';
import { makeHandler as makeCarrierAccountRedeem } from '../../../functions/carrier-account-redeem/handler';
import { makeHandler as makeCarrierLinkCreate } from '../../../functions/carrier-link-create/handler';
import { makeHandler as makeCustomerCreate } from '../../../functions/customer-create/handler';
import { makeHandler as makeCustomerGet } from '../../../functions/customer-get/handler';
import { makeHandler as makeCustomerTopup } from '../../../functions/customer-topup/handler';
import { makeHandler as makeProviderCreate } from '../../../functions/provider-create/handler';
import { makeHandler as makeProviderGet } from '../../../functions/provider-get/handler';
import { MemoryIdempotencyStore } from '../../../shared/adapters/memory/idempotency';
import type { Principal } from '../../../shared/domain/principal';
import { randomIds } from '../../../shared/ids';
import { apiEvent, call, handlerBase, memoryIdempotency } from '../../fixtures/handlers';
import { makeWorld } from '../../fixtures/purchases-world';

/** Party registration and top-ups through makeHandler, on the in-memory world of the purchase tests. */
const OPERATOR: Principal = { role: 'operator', subject: 'op-1' };

const makePartyApi = () => {
  const world = makeWorld();
  const idempotency = memoryIdempotency(world.clock);
  const deps = { ...handlerBase(), ...idempotency, parties: world.partyDeps };
  return {
    world,
    /** What DynamoDB's TTL does to the stored answers once they are past their retention (the store decides nothing by time). */
    expireStoredAnswers: () => {
      if (idempotency.idempotencyStore instanceof MemoryIdempotencyStore) idempotency.idempotencyStore.records.clear();
    },
    providerCreate: makeProviderCreate(deps),
    agentCreate: makeAgentCreate(deps),
    customerCreate: makeCustomerCreate(deps),
    customerTopup: makeCustomerTopup(deps),
    carrierLinkCreate: makeCarrierLinkCreate({
      ...deps,
      carrierLinks: { parties: world.parties, clock: world.clock, ids: randomIds, defaultCurrency: 'JPY', linkSeconds: 600 },
    }),
    carrierAccountRedeem: makeCarrierAccountRedeem(deps),
    providerGet: makeProviderGet({ ...handlerBase(), parties: world.parties }),
    agentGet: makeAgentGet({ ...handlerBase(), parties: world.parties }),
    customerGet: makeCustomerGet({ ...handlerBase(), parties: world.parties }),
  };
};

describe('the party handlers', () => {
  it('provider-get, agent-get and customer-get show a party to itself and to operators, and answer 404 to another party of its kind', async () => {
    // Prepare
    const api = makePartyApi();
    const create = async (handler: typeof api.providerCreate, path: string, body: unknown) =>
      String(
        (await call(handler, apiEvent({ method: 'POST', path, principal: OPERATOR, headers: { 'idempotency-key': path }, body })))
          .body.id,
      );
    const providerId = await create(api.providerCreate, '/v1/providers', {
      name: 'Camera Co',
      proxySettlement: { trusted: true },
      platformFeeBps: 1_000,
    });
    const agentId = await create(api.agentCreate, '/v1/agents', { name: 'Kiosk', feeBps: 300 });
    const customerId = await create(api.customerCreate, '/v1/customers', { name: 'Ann' });
    const cases = [
      { handler: api.providerGet, path: '/v1/providers', id: providerId, role: 'provider' as const, name: 'Camera Co' },
      { handler: api.agentGet, path: '/v1/agents', id: agentId, role: 'agent' as const, name: 'Kiosk' },
      { handler: api.customerGet, path: '/v1/customers', id: customerId, role: 'customer' as const, name: 'Ann' },
    ];

    for (const { handler, path, id, role, name } of cases) {
      const get = (principal: Principal) =>
        call(handler, apiEvent({ method: 'GET', path: `${path}/${id}`, principal, pathParameters: { id } }));

      // Act
      const own = await get({ role, subject: id });
      const operator = await get(OPERATOR);
      const other = await get({ role, subject: `${id}x` });

      // Assess
      expect(own).toMatchObject({ status: 200, body: { id, name } });
      expect(operator).toMatchObject({ status: 200, body: { id, name } });
      expect(other).toMatchObject({ status: 404, headers: { 'content-type': 'application/problem+json' } });
    }
  });

  it('provider-create registers a provider with its revenue account, once per Idempotency-Key', async () => {
    // Prepare
    const api = makePartyApi();
    const request = () =>
      apiEvent({
        method: 'POST',
        path: '/v1/providers',
        principal: OPERATOR,
        headers: { 'idempotency-key': 'prv-key' },
        body: { name: 'Camera Co', proxySettlement: { trusted: true }, platformFeeBps: 1_000 },
      });

    // Act
    const created = await call(api.providerCreate, request());
    const repeated = await call(api.providerCreate, request());

    // Assess
    expect(created).toMatchObject({
      status: 201,
      body: { name: 'Camera Co', platformFeeBps: 1_000, accounts: [{ kind: 'revenue', currency: 'JPY' }] },
    });
    expect(repeated.body).toEqual(created.body);
    expect(repeated.headers).toMatchObject({ 'idempotent-replayed': 'true' });
    expect(await api.world.parties.getProvider(String(created.body.id))).toMatchObject({ name: 'Camera Co' });
  });

  it('a provider-create re-sent after its stored answer expired answers the provider as it now is, also after its trust changed; another body is refused naming the field', async () => {
    // Prepare
    const api = makePartyApi();
    const body = { name: 'Camera Co', proxySettlement: { trusted: true }, platformFeeBps: 1_000 };
    const create = (sent: unknown) =>
      call(
        api.providerCreate,
        apiEvent({
          method: 'POST',
          path: '/v1/providers',
          principal: OPERATOR,
          headers: { 'idempotency-key': 'prv-trust-key' },
          body: sent,
        }),
      );
    const setTrust = (id: string, trusted: boolean) =>
      call(
        api.providerCreate,
        apiEvent({
          method: 'PUT',
          path: `/v1/providers/${id}/proxy-settlement`,
          principal: OPERATOR,
          pathParameters: { id },
          body: { trusted },
        }),
      );
    const created = await create(body);
    const id = String(created.body.id);
    api.expireStoredAnswers();
    const beforeChange = await create(body);
    await setTrust(id, false);
    api.expireStoredAnswers();

    // Act
    const afterChange = await create(body);
    api.expireStoredAnswers();
    const changedBack = (await setTrust(id, true)).body;
    await setTrust(id, false);
    api.expireStoredAnswers();
    const afterTwoChanges = await create(body);
    api.expireStoredAnswers();
    const otherTrust = await create({ ...body, proxySettlement: { trusted: false } });
    api.expireStoredAnswers();
    const otherFee = await create({ ...body, platformFeeBps: 900 });

    // Assess
    expect(created.status).toBe(201);
    expect(beforeChange).toMatchObject({ status: 201, body: created.body });
    expect(afterChange).toMatchObject({ status: 201, body: { ...created.body, proxySettlement: { trusted: false } } });
    expect(changedBack).toMatchObject({ proxySettlement: { trusted: true } });
    expect(afterTwoChanges).toMatchObject({ status: 201, body: { id, proxySettlement: { trusted: false } } });
    expect(afterTwoChanges.body).toEqual(
      (
        await call(
          api.providerGet,
          apiEvent({ method: 'GET', path: `/v1/providers/${id}`, principal: OPERATOR, pathParameters: { id } }),
        )
      ).body,
    );
    expect(otherTrust).toMatchObject({
      status: 422,
      body: { code: 'IDEMPOTENCY_KEY_REUSED', errors: [{ field: 'proxySettlement.trusted' }] },
    });
    expect(otherFee).toMatchObject({
      status: 422,
      body: { code: 'IDEMPOTENCY_KEY_REUSED', errors: [{ field: 'platformFeeBps' }] },
    });
  });

  it('provider-create is for operators only', async () => {
    // Act
    const answer = await call(
      makePartyApi().providerCreate,
      apiEvent({
        method: 'POST',
        path: '/v1/providers',
        principal: { role: 'provider', subject: 'prv-1' },
        body: { name: 'x', proxySettlement: { trusted: true }, platformFeeBps: 0 },
      }),
    );

    // Assess
    expect(answer).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
  });

  it('agent-create registers an agent with its fee and cash accounts', async () => {
    // Act
    const answer = await call(
      makePartyApi().agentCreate,
      apiEvent({ method: 'POST', path: '/v1/agents', principal: OPERATOR, body: { name: 'Kiosk', feeBps: 300 } }),
    );

    // Assess
    expect(answer).toMatchObject({ status: 201, body: { name: 'Kiosk', feeBps: 300 } });
    expect((answer.body.accounts as { kind: string }[]).map((account) => account.kind)).toEqual(['agentFees', 'agentCash']);
    expect(answer.headers).toMatchObject({ location: `/v1/agents/${String(answer.body.id)}` });
  });

  it('customer-create lets an agent open a carrier account on its own books only', async () => {
    // Prepare
    const api = makePartyApi();
    const carrier = await api.world.agent();
    const register = (agentId: string) =>
      call(
        api.customerCreate,
        apiEvent({
          method: 'POST',
          path: '/v1/customers',
          principal: { role: 'agent', subject: carrier.id },
          body: { name: 'Aiko', carrier: { agentId, creditLimitMinor: 5_000 } },
        }),
      );

    // Act
    const own = await register(carrier.id);
    const foreign = await register('agt-someone-else');

    // Assess
    expect(own).toMatchObject({
      status: 201,
      body: { carrier: { agentId: carrier.id, creditLimitMinor: 5_000, currency: 'JPY' } },
    });
    expect(foreign).toMatchObject({ status: 403, body: { code: 'FORBIDDEN', errors: [{ field: 'carrier.agentId' }] } });
  });

  it('an agent token whose agent was never registered is refused alike by customer-create and customer-topup: 404 AGENT_NOT_FOUND naming no field', async () => {
    // Prepare
    const api = makePartyApi();
    const customer = await api.world.customer();
    const ghost: Principal = { role: 'agent', subject: 'agt_ghost' };
    const send = (handler: typeof api.customerCreate, path: string, body: unknown, id?: string) =>
      call(
        handler,
        apiEvent({ method: 'POST', path, principal: ghost, body, ...(id === undefined ? {} : { pathParameters: { id } }) }),
      );

    // Act
    const create = await send(api.customerCreate, '/v1/customers', { name: 'Aiko' });
    const topUp = await send(
      api.customerTopup,
      `/v1/customers/${customer.id}/topups`,
      { amountMinor: 100, currency: 'JPY', reference: 'r-1' },
      customer.id,
    );

    // Assess
    const refusal = {
      status: 404,
      body: { code: 'AGENT_NOT_FOUND', detail: 'You act as agent "agt_ghost", which is not registered.' },
    };
    expect(create).toMatchObject(refusal);
    expect(topUp).toMatchObject(refusal);
    expect([create.body['errors'], topUp.body['errors']]).toEqual([undefined, undefined]);
  });

  it('customer-topup credits the wallet once per reference: 201, then 200 for the repeat', async () => {
    // Prepare
    const api = makePartyApi();
    const kiosk = await api.world.agent();
    const customer = await api.world.customer();
    const topUp = () =>
      call(
        api.customerTopup,
        apiEvent({
          method: 'POST',
          path: `/v1/customers/${customer.id}/topups`,
          principal: { role: 'agent', subject: kiosk.id },
          pathParameters: { id: customer.id },
          body: { amountMinor: 2_000, currency: 'JPY', reference: 'receipt-1' },
        }),
      );

    // Act
    const first = await topUp();
    const repeat = await topUp();

    // Assess
    expect(first).toMatchObject({ status: 201, body: { customerId: customer.id, agentId: kiosk.id, amountMinor: 2_000 } });
    expect(repeat).toMatchObject({ status: 200, body: { id: first.body.id } });
    expect(await api.world.posted(api.world.accounts.wallet(customer.id))).toBe(2_000);
  });

  it('customer-topup names the customer of a reused reference by the path parameter id, as the request names it', async () => {
    // Prepare: the kiosk's reference used for one customer, then sent for another.
    const api = makePartyApi();
    const kiosk = await api.world.agent();
    const [first, other] = [await api.world.customer(), await api.world.customer()];
    const topUp = (customerId: string, amountMinor: number) =>
      call(
        api.customerTopup,
        apiEvent({
          method: 'POST',
          path: `/v1/customers/${customerId}/topups`,
          principal: { role: 'agent', subject: kiosk.id },
          pathParameters: { id: customerId },
          body: { amountMinor, currency: 'JPY', reference: 'receipt-z' },
        }),
      );
    expect(await topUp(first.id, 1)).toMatchObject({ status: 201 });

    // Act
    const reused = await topUp(other.id, 1_000);

    // Assess: no customerId (the request has none); the customer is the path's `id`.
    expect(reused).toMatchObject({ status: 409, body: { code: 'TOPUP_REFERENCE_REUSED' } });
    expect((reused.body['errors'] as { field: string }[]).map((issue) => issue.field)).toEqual(['id', 'amountMinor']);
    // The detail says what differs in words (the field names are `errors`'), the reference quoted.
    expect(reused.body['detail']).toBe('Reference "receipt-z" was used for a different top-up: another customer and amount.');
  });

  it('carrier-link-create shows the code once (a replay leaves it out); carrier-account-redeem gives the customer the carrier account', async () => {
    // Prepare
    const api = makePartyApi();
    const carrier = await api.world.agent(500);
    const customer = await api.world.customer();
    const asCarrier: Principal = { role: 'agent', subject: carrier.id };
    const asCustomer: Principal = { role: 'customer', subject: customer.id };
    const makeLink = (principal: Principal) =>
      call(
        api.carrierLinkCreate,
        apiEvent({
          method: 'POST',
          path: `/v1/agents/${carrier.id}/carrier-links`,
          principal,
          pathParameters: { id: carrier.id },
          headers: { 'idempotency-key': 'link-1' },
          body: { creditLimitMinor: 8_000 },
        }),
      );
    const redeem = (principal: Principal, code: unknown) =>
      call(
        api.carrierAccountRedeem,
        apiEvent({
          method: 'POST',
          path: '/v1/me/carrier-account',
          principal,
          headers: { 'idempotency-key': 'redeem-1' },
          body: { code },
        }),
      );

    // Act
    const first = await makeLink(asCarrier);
    const replay = await makeLink(asCarrier);
    const byCustomer = await makeLink(asCustomer);
    const byAgent = await redeem(asCarrier, first.body.code);
    const redeemed = await redeem(asCustomer, first.body.code);
    const redeemedAgain = await redeem(asCustomer, first.body.code);

    // Assess
    expect(first).toMatchObject({ status: 201, body: { code: expect.stringMatching(/^clc_/), creditLimitMinor: 8_000 } });
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual({ ...first.body, code: undefined });
    expect(replay.body).not.toHaveProperty('code');
    expect([byCustomer.status, byCustomer.body.code]).toEqual([403, 'FORBIDDEN']);
    expect([byAgent.status, byAgent.body.code]).toEqual([403, 'FORBIDDEN']);
    expect(redeemed).toMatchObject({
      status: 201,
      body: { id: customer.id, carrier: { agentId: carrier.id, creditLimitMinor: 8_000, currency: 'JPY' } },
    });
    expect((redeemed.body.accounts as { kind: string }[]).map((account) => account.kind)).toEqual(['wallet', 'carrier']);
    expect(redeemedAgain).toMatchObject({ status: 201, body: redeemed.body });
  });
});
