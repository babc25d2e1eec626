import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { makeHandler as credentialsManage } from '../../../functions/credentials-manage/handler';
import { makeHandler as deviceManage } from '../../../functions/device-manage/handler';
import { makeHandler as operatorCreate } from '../../../functions/operator-create/handler';
import { makeHandler as registrationConfirm } from '../../../functions/registration-confirm/handler';
import { makeHandler as registrationCreate } from '../../../functions/registration-create/handler';
import { makeHandler as registrationExpire } from '../../../functions/registration-expire/handler';
import { SESSIONS_PATH, makeHandler as sessionCreate } from '../../../functions/session-create/handler';
import { MemoryIdempotencyStore } from '../../../shared/adapters/memory/idempotency';
import { MemoryPurchaseStore } from '../../../shared/adapters/memory/purchases';
import type { StoredResponse } from '../../../shared/http/idempotent';
import { CachedMachineClients } from '../../../shared/http/machine-clients';
import { REGISTRATION_EXPIRY_GRACE_SECONDS } from '../../../shared/limits';
import { TEST_BASE, apiEvent, call } from '../../fixtures/handlers';
import { PASSWORD, dpopProof, newDevice, uniqueEmail, type TestDevice } from '../../fixtures/identity';
import { CONFIRM_SECONDS, identityWorld, type IdentityWorld } from '../../fixtures/identity-world';

/** Every identity handler through `makeHandler`, on in-memory ports. */
const idempotency = (world: IdentityWorld) => ({
  idempotencyStore: new MemoryIdempotencyStore<StoredResponse>(),
  purchaseKeys: new MemoryPurchaseStore().claims,
  clock: world.clock,
  idempotencyLeaseSeconds: 30,
  idempotencyRetentionSeconds: 3600,
});

const handlersOf = (world: IdentityWorld) => {
  const base = { ...TEST_BASE, machineClients: new CachedMachineClients(() => world.sessions, world.clock) };
  return {
    create: registrationCreate({ ...base, ...idempotency(world), registrations: world.deps.registration }),
    confirm: registrationConfirm({ ...base, ...idempotency(world), confirm: world.deps.confirm }),
    expire: registrationExpire({ ...base, ...world.deps.expiry }),
    session: sessionCreate({ ...base, sessions: world.deps.session }),
    devices: deviceManage({ ...base, ...idempotency(world), devices: world.deps.device }),
    credentials: credentialsManage({ ...base, ...idempotency(world), credentials: world.deps.credentials }),
    operators: operatorCreate({ ...base, ...idempotency(world), operators: world.deps.operator }),
  };
};

const sessionsUrl = `${TEST_BASE.config.issuer}${SESSIONS_PATH}`;

const registered = async (world: IdentityWorld) => {
  const handlers = handlersOf(world);
  const email = uniqueEmail('handler');
  const device = await newDevice();
  const created = await call(
    handlers.create,
    apiEvent({
      method: 'POST',
      path: '/v1/registrations',
      body: { email, password: PASSWORD, device: { name: 'phone', publicJwk: device.publicJwk } },
    }),
  );
  const confirmed = await call(
    handlers.confirm,
    apiEvent({
      method: 'POST',
      path: '/v1/registrations/{id}/confirm',
      pathParameters: { id: String(created.body['id']) },
      body: { code: '123456' },
    }),
  );
  return { handlers, email, device, created, confirmed, customerId: String(confirmed.body['customerId']) };
};

const signInEvent = async (email: string, device: TestDevice, iatSeconds: number): Promise<APIGatewayProxyEvent> =>
  apiEvent({
    method: 'POST',
    path: SESSIONS_PATH,
    body: { email, password: PASSWORD },
    headers: { dpop: await dpopProof(device, 'POST', sessionsUrl, { iatSeconds }) },
  });

describe('registration handlers', () => {
  it('answer 201 with the provisional registration, then 200 with the confirmation', async () => {
    const { created, confirmed, customerId } = await registered(identityWorld());

    expect(created).toMatchObject({ status: 201, body: { id: expect.stringMatching(/^reg_/), status: 'provisional' } });
    // No Location: a registration has no path to read (it is confirmed at /v1/registrations/{id}/confirm).
    expect(created.headers).not.toHaveProperty('location');
    expect(confirmed).toMatchObject({ status: 200, body: { status: 'confirmed', customerId } });
  });

  it('replay a registration repeated with its Idempotency-Key, keeping the password out of the record', async () => {
    const world = identityWorld();
    const store = new MemoryIdempotencyStore<StoredResponse>();
    const create = registrationCreate({
      ...TEST_BASE,
      ...idempotency(world),
      idempotencyStore: store,
      registrations: world.deps.registration,
    });
    const device = await newDevice();
    const event = () =>
      apiEvent({
        method: 'POST',
        path: '/v1/registrations',
        headers: { 'idempotency-key': 'register-once' },
        body: { email: uniqueEmail('replay'), password: PASSWORD, device: { name: 'phone', publicJwk: device.publicJwk } },
      });
    const first = event();

    const answers = [await call(create, first), await call(create, { ...first })];

    expect(answers[1]?.body).toEqual(answers[0]?.body);
    expect(answers[1]?.headers['idempotent-replayed']).toBe('true');
    expect(JSON.stringify([...store.records.values()])).not.toContain(PASSWORD);
  });

  it('take an optional name as every party name is taken, refuse a replay of the key with another name, and name the customer', async () => {
    // Prepare
    const world = identityWorld();
    const handlers = handlersOf(world);
    const device = await newDevice();
    const email = uniqueEmail('named');
    const register = (name: unknown, key = 'register-named') =>
      call(
        handlers.create,
        apiEvent({
          method: 'POST',
          path: '/v1/registrations',
          headers: { 'idempotency-key': key },
          body: { email, password: PASSWORD, device: { name: 'phone', publicJwk: device.publicJwk }, name },
        }),
      );

    // Act
    const refused = [
      await register('x'.repeat(201), 'long'),
      await register('A\u0001B', 'control'),
      await register(' \u200b ', 'blank'),
    ];
    const created = await register('  Aiko Tanaka ');
    const replayed = await register('  Aiko Tanaka ');
    const otherName = await register('Bo');
    const confirmed = await call(
      handlers.confirm,
      apiEvent({
        method: 'POST',
        path: '/v1/registrations/{id}/confirm',
        pathParameters: { id: String(created.body['id']) },
        body: { code: '123456' },
      }),
    );

    // Assess
    for (const answer of refused) {
      expect(answer).toMatchObject({
        status: 422,
        body: { code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'name' })] },
      });
    }
    expect(created.status).toBe(201);
    expect(replayed).toMatchObject({ status: 201, body: created.body, headers: { 'idempotent-replayed': 'true' } });
    expect(otherName).toMatchObject({ status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    const customerId = String(confirmed.body['customerId']);
    expect(await world.parties.getCustomer(customerId)).toMatchObject({ id: customerId, name: 'Aiko Tanaka' });
  });

  it('expire on schedule and report what they read', async () => {
    const world = identityWorld();
    const { handlers } = await registered(world);
    await call(
      handlers.create,
      apiEvent({
        method: 'POST',
        path: '/v1/registrations',
        body: {
          email: uniqueEmail('lapsing'),
          password: PASSWORD,
          device: { name: 'phone', publicJwk: (await newDevice()).publicJwk },
        },
      }),
    );
    world.clock.advanceSeconds(CONFIRM_SECONDS + REGISTRATION_EXPIRY_GRACE_SECONDS);

    const summary = await handlers.expire();

    expect(summary).toMatchObject({ expired: 1 });
  });
});

describe('the session handler', () => {
  it('answers 201 with the access token and the device, and records the session under the token id', async () => {
    const world = identityWorld();
    const { handlers, email, device, customerId } = await registered(world);

    const answer = await call(handlers.session, await signInEvent(email, device, world.clock.now() / 1000));

    expect(answer).toMatchObject({
      status: 201,
      body: { accessToken: expect.any(String), expiresIn: 3600, deviceId: expect.stringMatching(/^dev_/) },
    });
    const tokenId = world.identity.tokens.get(String(answer.body['accessToken']))?.tokenId ?? '';
    expect(await world.sessions.getSession(tokenId)).toMatchObject({ customerId, deviceId: answer.body['deviceId'] });
  });

  it('answers 401 naming a missing proof, an unregistered key, a replay and a wrong password', async () => {
    const world = identityWorld();
    const { handlers, email, device } = await registered(world);
    const now = world.clock.now() / 1000;
    const replayed = await signInEvent(email, device, now);
    await call(handlers.session, replayed);

    const answers = [
      await call(handlers.session, apiEvent({ method: 'POST', path: SESSIONS_PATH, body: { email, password: PASSWORD } })),
      await call(handlers.session, await signInEvent(email, await newDevice(), now)),
      await call(handlers.session, { ...replayed }),
      await call(
        handlers.session,
        apiEvent({
          method: 'POST',
          path: SESSIONS_PATH,
          body: { email, password: `${PASSWORD}!` },
          headers: { dpop: await dpopProof(device, 'POST', sessionsUrl, { iatSeconds: now }) },
        }),
      ),
    ];

    expect(answers.map((answer) => [answer.status, answer.body['code']])).toEqual([
      [401, 'DPOP_PROOF_MISSING'],
      [401, 'DEVICE_NOT_REGISTERED'],
      [401, 'DPOP_PROOF_REPLAYED'],
      [401, 'INVALID_CREDENTIALS'],
    ]);
  });
});

describe('the device handler', () => {
  it('adds, lists, pairs and removes the caller’s devices, and answers a repeated add with 200', async () => {
    const world = identityWorld();
    const { handlers, customerId } = await registered(world);
    const principal = { role: 'customer' as const, subject: customerId };
    const tablet = await newDevice();
    const add = () =>
      apiEvent({ method: 'POST', path: '/v1/devices', principal, body: { name: 'tablet', publicJwk: tablet.publicJwk } });

    const added = await call(handlers.devices, add());
    const repeated = await call(handlers.devices, add());
    const listed = await call(
      handlers.devices,
      apiEvent({ method: 'GET', path: '/v1/devices', principal, query: { limit: '1' } }),
    );
    const phoneId = (await call(handlers.devices, apiEvent({ method: 'GET', path: '/v1/devices', principal }))).body['items'] as {
      id: string;
    }[];
    const pair = await call(
      handlers.devices,
      apiEvent({
        method: 'POST',
        path: '/v1/device-pairs',
        principal,
        body: { fromDeviceId: added.body['id'], toDeviceId: phoneId.find((device) => device.id !== added.body['id'])?.id },
      }),
    );
    const pairs = await call(handlers.devices, apiEvent({ method: 'GET', path: '/v1/device-pairs', principal }));
    const unpaired = await call(
      handlers.devices,
      apiEvent({ method: 'DELETE', path: '/v1/device-pairs/{id}', principal, pathParameters: { id: String(pair.body['id']) } }),
    );
    const removed = await call(
      handlers.devices,
      apiEvent({ method: 'DELETE', path: '/v1/devices/{id}', principal, pathParameters: { id: String(added.body['id']) } }),
    );

    expect([added.status, repeated.status, pair.status, unpaired.status, removed.status]).toEqual([201, 200, 201, 204, 204]);
    expect(listed.body).toMatchObject({ items: [expect.any(Object)], nextCursor: expect.any(String) });
    expect(pairs.body).toMatchObject({ items: [{ id: pair.body['id'] }] });
    expect(pairs.body).not.toHaveProperty('nextCursor');
  });

  it('answers a customer token of no registered customer 404 CUSTOMER_NOT_FOUND on every route, and stores nothing', async () => {
    // Prepare: a customer token whose subject nobody registered (a provider's id, say).
    const world = identityWorld();
    const handlers = handlersOf(world);
    const principal = { role: 'customer' as const, subject: 'prv_not_a_customer' };
    const [one, two] = [await newDevice(), await newDevice()];
    const add = (device: TestDevice, name: string) =>
      call(
        handlers.devices,
        apiEvent({ method: 'POST', path: '/v1/devices', principal, body: { name, publicJwk: device.publicJwk } }),
      );
    const byId = (method: string, path: string) =>
      call(handlers.devices, apiEvent({ method, path, principal, pathParameters: { id: 'dev_x' } }));

    // Act
    const answers = [
      await add(one, 'one'),
      await add(two, 'two'),
      await call(handlers.devices, apiEvent({ method: 'GET', path: '/v1/devices', principal })),
      await byId('DELETE', '/v1/devices/{id}'),
      await call(
        handlers.devices,
        apiEvent({ method: 'POST', path: '/v1/device-pairs', principal, body: { fromDeviceId: 'dev_a', toDeviceId: 'dev_b' } }),
      ),
      await call(handlers.devices, apiEvent({ method: 'GET', path: '/v1/device-pairs', principal })),
      await byId('DELETE', '/v1/device-pairs/{id}'),
    ];

    // Assess: the caller is no field of the request, so no `errors`; nothing was written for it.
    for (const answer of answers) {
      expect([answer.status, answer.body['code']]).toEqual([404, 'CUSTOMER_NOT_FOUND']);
      expect(answer.body['detail']).toBe('You act as customer "prv_not_a_customer", which is not registered.');
      expect(answer.body).not.toHaveProperty('errors');
    }
    expect((await world.devices.listDevices('prv_not_a_customer', 10, undefined)).items).toEqual([]);
  });

  it('is for customers only', async () => {
    const world = identityWorld();
    const answer = await call(
      handlersOf(world).devices,
      apiEvent({ method: 'GET', path: '/v1/devices', principal: { role: 'provider', subject: 'prv_1' } }),
    );
    expect([answer.status, answer.body['code']]).toEqual([403, 'FORBIDDEN']);
  });
});

describe('the credentials handler', () => {
  it('hands a provider a client whose replay leaves the secret out, and removes it', async () => {
    const world = identityWorld();
    const handlers = handlersOf(world);
    await world.parties.createProvider({
      id: 'prv_one',
      name: 'One',
      proxySettlement: { trusted: false },
      platformFeeBps: 0,
      currencies: ['JPY'],
      createdAt: '2030-01-01T00:00:00.000Z',
      createdBy: 'operator:op',
    });
    const operator = { role: 'operator' as const, subject: 'op' };
    const create = () =>
      apiEvent({
        method: 'POST',
        path: '/v1/providers/{id}/credentials',
        principal: operator,
        pathParameters: { id: 'prv_one' },
        headers: { 'idempotency-key': 'cred-1' },
      });

    const first = await call(handlers.credentials, create());
    const replay = await call(handlers.credentials, create());
    const removed = await call(
      handlers.credentials,
      apiEvent({
        method: 'DELETE',
        path: '/v1/providers/{id}/credentials/{clientId}',
        principal: operator,
        pathParameters: { id: 'prv_one', clientId: String(first.body['clientId']) },
      }),
    );
    const unknownAgent = await call(
      handlers.credentials,
      apiEvent({ method: 'POST', path: '/v1/agents/{id}/credentials', principal: operator, pathParameters: { id: 'agt_none' } }),
    );

    expect(first).toMatchObject({
      status: 201,
      body: { clientSecret: expect.any(String), scope: 'kippu/provider', tokenUrl: 'https://auth.kippu.test/oauth2/token' },
    });
    expect(replay.body).toEqual({ clientId: first.body['clientId'], scope: 'kippu/provider', tokenUrl: first.body['tokenUrl'] });
    expect(removed.status).toBe(204);
    expect(world.identity.clients.size).toBe(0);
    expect([unknownAgent.status, unknownAgent.body['code']]).toEqual([404, 'AGENT_NOT_FOUND']);
  });
});

describe('the operator handler', () => {
  it('gives an operator a user identity with the operator role, once', async () => {
    const world = identityWorld();
    const handlers = handlersOf(world);
    const email = uniqueEmail('ops');
    const event = () =>
      apiEvent({ method: 'POST', path: '/v1/operators', principal: { role: 'operator', subject: 'op' }, body: { email } });

    const first = await call(handlers.operators, event());
    const again = await call(handlers.operators, event());

    expect(first).toMatchObject({ status: 201, body: { id: expect.stringMatching(/^opr_/), email, role: 'operator' } });
    expect(again).toMatchObject({ status: 200, body: first.body });
    expect(await world.identity.findUser(email)).toEqual({ email, role: 'operator', subject: first.body['id'] });
  });

  it('refuses an address the user pool would not take with 422 naming email, before any user is made', async () => {
    const world = identityWorld();
    const handlers = handlersOf(world);
    const email = `o'${uniqueEmail('odd')}`;

    const answer = await call(
      handlers.operators,
      apiEvent({ method: 'POST', path: '/v1/operators', principal: { role: 'operator', subject: 'op' }, body: { email } }),
    );

    expect(answer).toMatchObject({ status: 422, body: { code: 'VALIDATION_FAILED', errors: [{ field: 'email' }] } });
    expect(await world.identity.findUser(email)).toBeUndefined();
  });
});
