import { createHash, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivedId } from '../../shared/ids';
import { startTestApi, type TestApi } from '../fixtures/api';
import {
  PASSWORD,
  codeFor,
  dpopProof,
  newDevice,
  rawEs256Jws,
  registerCustomer,
  sessionsUrl,
  signIn,
  uniqueEmail,
} from '../fixtures/identity';

/**
 * The identity flow over HTTP against the emulators, as a client sees it: register, read the
 * code from the local outbox, confirm, sign in from the registered device with a DPoP proof,
 * and use the Cognito access token (issued by moto, checked against the pool's JWKS by the
 * local gateway) on customer endpoints.
 */
let api: TestApi;
let operator: string;

beforeAll(async () => {
  api = await startTestApi();
  operator = await api.tokenFor('operator', 'op-identity');
});
afterAll(async () => api.close());

const created = async <Body>(answer: Promise<{ status: number; text: string; body: Body }>): Promise<Body> => {
  const result = await answer;
  if (result.status !== 201 && result.status !== 200) throw new Error(`expected 201, got ${result.status}: ${result.text}`);
  return result.body;
};

/** A new device key that the signed-in customer adds (`POST /v1/devices`): the key, and the answer. */
const addDevice = async (token: string, name: string) => {
  const device = await newDevice();
  const added = await api.call<{ id: string; jkt: string }>('POST', '/v1/devices', {
    token,
    body: { name, publicJwk: device.publicJwk },
  });
  return { device, added };
};

describe('a customer who registers, confirms and signs in from the device', () => {
  it('buys with the access token and reads the purchase', async () => {
    // Prepare: a registered customer; a provider with an offer; an agent who tops up the wallet
    const email = uniqueEmail('buyer');
    const device = await newDevice();
    const registration = await api.call<{ id: string; status: string; expiresAt: string }>('POST', '/v1/registrations', {
      body: { email, password: PASSWORD, device: { name: 'phone', publicJwk: device.publicJwk } },
    });
    expect(registration.status).toBe(201);
    expect(registration.body).toMatchObject({ status: 'provisional' });
    const outbox = await api.call<{ to: string; kind: string; code: string; at: string }[]>(
      'GET',
      `/local/outbox?to=${encodeURIComponent(email)}`,
    );
    expect(outbox.body).toEqual([
      { to: email, kind: 'registration-code', code: expect.stringMatching(/^\d{6}$/), at: expect.any(String) },
    ]);
    const confirmation = await api.call<{ status: string; customerId: string }>(
      'POST',
      `/v1/registrations/${registration.body.id}/confirm`,
      {
        body: { code: outbox.body[0]?.code },
      },
    );
    expect(confirmation.status).toBe(200);
    expect(confirmation.body).toEqual({ status: 'confirmed', customerId: expect.stringMatching(/^cus_/) });
    const customer = { email, password: PASSWORD, device, customerId: confirmation.body.customerId };

    const provider = await created(
      api.call<{ id: string }>('POST', '/v1/providers', {
        token: operator,
        body: { name: 'Harbour Cams', proxySettlement: { trusted: false }, platformFeeBps: 1_000 },
      }),
    );
    const agent = await created(
      api.call<{ id: string }>('POST', '/v1/agents', { token: operator, body: { name: 'Kiosk', feeBps: 0 } }),
    );
    const agentToken = await api.tokenFor('agent', agent.id);
    await created(
      api.call('POST', `/v1/customers/${customer.customerId}/topups`, {
        token: agentToken,
        body: { amountMinor: 5_000, currency: 'JPY', reference: `receipt-${customer.customerId}` },
      }),
    );
    const offer = await created(
      api.call<{ id: string }>('POST', '/v1/offers', {
        token: await api.tokenFor('provider', provider.id),
        body: {
          providerId: provider.id,
          resource: 'cam-1/live',
          priceMinor: 1_200,
          currency: 'JPY',
          validitySeconds: 3600,
          capabilities: ['image'],
        },
      }),
    );

    // Act
    const session = await signIn(api, customer);
    const purchase = await api.call<{ id: string; status: string }>('POST', '/v1/purchases', {
      token: session.body.accessToken,
      headers: { 'idempotency-key': `buy-${customer.customerId}` },
      body: { offerId: offer.id },
    });
    const read = await api.call<{ id: string }>('GET', `/v1/purchases/${purchase.body.id}`, { token: session.body.accessToken });

    // Assess
    expect(session.status).toBe(201);
    expect(session.body).toEqual({
      accessToken: expect.any(String),
      expiresIn: expect.any(Number),
      deviceId: expect.stringMatching(/^dev_/),
    });
    expect(session.body.accessToken.split('.')).toHaveLength(3);
    expect(purchase.status).toBe(201);
    expect(purchase.body.status).toBe('authorized');
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(purchase.body.id);
  });

  it('refuses an access token whose signature does not verify against the pool’s JWKS', async () => {
    const customer = await registerCustomer(api, 'forger');
    const token = (await signIn(api, customer)).body.accessToken;
    const [header, payload, signature] = token.split('.');
    const otherSignature = `${signature?.startsWith('A') ? 'B' : 'A'}${signature?.slice(1) ?? ''}`;
    const elevated = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')),
        'custom:subject': 'cus_someone_else',
      }),
    ).toString('base64url');

    const tampered = await api.call<Problem>('GET', '/v1/devices', { token: `${header}.${payload}.${otherSignature}` });
    const reissued = await api.call<Problem>('GET', '/v1/devices', { token: `${header}.${elevated}.${signature}` });

    expect([tampered.status, tampered.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect([reissued.status, reissued.body.code]).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('takes the access token as a bearer token only: under the DPoP scheme, even with a correct proof, it is refused naming the Bearer scheme', async () => {
    // Prepare: an RFC 9449 §7 request, the token under the DPoP scheme with a proof by the device for this request.
    const customer = await registerCustomer(api, 'dpop-scheme');
    const token = (await signIn(api, customer)).body.accessToken;
    const proof = await new SignJWT({
      htm: 'GET',
      htu: `${process.env.KIPPU_ISSUER ?? ''}/v1/devices`,
      iat: Math.floor(Date.now() / 1000),
      jti: randomUUID(),
      ath: createHash('sha256').update(token).digest('base64url'),
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: customer.device.publicJwk })
      .sign(customer.device.privateKey);

    // Act
    const dpopScheme = await api.call<Problem>('GET', '/v1/devices', {
      headers: { authorization: `DPoP ${token}`, dpop: proof },
    });
    const bearer = await api.call<{ items: unknown[] }>('GET', '/v1/devices', { token });

    // Assess
    expect([dpopScheme.status, dpopScheme.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect(dpopScheme.body.detail).toBe(
      "The DPoP authorization scheme is not accepted: kippu takes every access token, a customer's included, as a bearer token; send Authorization: Bearer <token>, no DPoP proof needed.",
    );
    expect(dpopScheme.headers.get('www-authenticate')).toBe('Bearer');
    expect(bearer.status).toBe(200);
    // What docs/identity.md says: the token names no key (no cnf, RFC 9449 §6); its session names the device.
    expect(JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'))).not.toHaveProperty('cnf');
  });

  it('answers a missing or unusable token with a detail naming the Bearer scheme and WWW-Authenticate: Bearer', async () => {
    const missing = await api.call<Problem>('GET', '/v1/devices');
    const basic = await api.call<Problem>('GET', '/v1/devices', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });

    for (const answer of [missing, basic]) {
      expect([answer.status, answer.body.code]).toEqual([401, 'UNAUTHENTICATED']);
      expect(answer.body.detail).toBe(
        'Send a valid access token as Authorization: Bearer <token>; kippu accepts no other scheme, DPoP included.',
      );
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('lists the registered device, with its thumbprint, to the customer', async () => {
    const customer = await registerCustomer(api, 'lister');
    const session = await signIn(api, customer);

    const devices = await api.call<{ items: { id: string; name: string; jkt: string }[]; nextCursor: string | null }>(
      'GET',
      '/v1/devices',
      {
        token: session.body.accessToken,
      },
    );

    expect(devices.status).toBe(200);
    expect(devices.body).toEqual({
      items: [
        expect.objectContaining({ id: session.body.deviceId, name: 'phone', jkt: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) }),
      ],
    });
  });
});

interface Problem {
  code: string;
  detail: string;
  attemptsLeft?: number;
}

const register = async (email: string, device: Awaited<ReturnType<typeof newDevice>>) =>
  api.call<{ id: string }>('POST', '/v1/registrations', {
    body: { email, password: PASSWORD, device: { name: 'phone', publicJwk: device.publicJwk } },
  });

/** Five different codes, none of them the right one: each takes an attempt (a code sent again does not). */
const wrongCodes = (code: string): string[] =>
  ['000000', '000001', '000002', '000003', '000004', '000005'].filter((wrong) => wrong !== code).slice(0, 5);

describe('e-mail addresses', () => {
  it('are trimmed and lower-cased wherever kippu takes one: registration, sign-in and operators', async () => {
    const email = uniqueEmail('trim');
    const device = await newDevice();
    const registration = await api.call<{ id: string }>('POST', '/v1/registrations', {
      body: { email: ` \t${email.toUpperCase()}\n `, password: PASSWORD, device: { name: 'phone', publicJwk: device.publicJwk } },
    });
    const confirmed = await api.call<{ customerId: string }>('POST', `/v1/registrations/${registration.body.id}/confirm`, {
      body: { code: await codeFor(api, email) },
    });
    const session = await api.call<{ deviceId: string }>('POST', '/v1/sessions', {
      body: { email: `  ${email} `, password: PASSWORD },
      headers: { dpop: await dpopProof(device, 'POST', sessionsUrl()) },
    });
    const operatorEmail = uniqueEmail('Op.Trim');
    const created = await api.call<{ email: string }>('POST', '/v1/operators', {
      token: operator,
      body: { email: ` ${operatorEmail} ` },
    });
    const inside = await api.call<Problem>('POST', '/v1/operators', { token: operator, body: { email: `a b${operatorEmail}` } });

    expect(registration.status).toBe(201);
    expect(confirmed.status).toBe(200);
    expect(session.status).toBe(201);
    expect([created.status, created.body.email]).toEqual([201, operatorEmail.toLowerCase()]);
    expect([inside.status, inside.body.code]).toEqual([422, 'VALIDATION_FAILED']);
  });

  it('do not give the customer id away: a provider who knows the address cannot name the customer', async () => {
    // Prepare: a registered customer; a provider who knows the address and computes the id an unkeyed hash would give
    const customer = await registerCustomer(api, 'known');
    const provider = await created(
      api.call<{ id: string }>('POST', '/v1/providers', {
        token: operator,
        body: { name: 'Curious Cams', proxySettlement: { trusted: false }, platformFeeBps: 1_000 },
      }),
    );
    const providerToken = await api.tokenFor('provider', provider.id);
    const direct = (holderId: string) =>
      api.call<Problem>('POST', '/v1/tickets', {
        token: providerToken,
        body: { providerId: provider.id, holderId, resource: 'cam/1', validitySeconds: 60, capabilities: ['image'] },
      });

    // Act
    const computed = await direct(derivedId('cus', 'email', customer.email));
    const named = await direct(customer.customerId);

    // Assess: only the id itself, which kippu tells no provider, names the customer
    expect(customer.customerId).not.toBe(derivedId('cus', 'email', customer.email));
    expect([computed.status, computed.body.code]).toEqual([404, 'CUSTOMER_NOT_FOUND']);
    expect(named.status).toBe(201);
  });
});

describe('registration refusals', () => {
  it('names the attempts left for each different wrong code, and refuses the sixth attempt even with the right code', async () => {
    // Prepare
    const email = uniqueEmail('guesser');
    const registration = await register(email, await newDevice());
    const code = await codeFor(api, email);
    const confirm = (attempt: string) =>
      api.call<Problem>('POST', `/v1/registrations/${registration.body.id}/confirm`, { body: { code: attempt } });

    // Act
    const answers = [];
    for (const wrong of wrongCodes(code)) answers.push(await confirm(wrong));
    const sixth = await confirm(code);

    // Assess
    expect(answers[0]?.status).toBe(422);
    expect(answers[0]?.body).toMatchObject({ code: 'REGISTRATION_CODE_INVALID', attemptsLeft: 4 });
    expect(answers.map((answer) => answer.body.attemptsLeft)).toEqual([4, 3, 2, 1, 0]);
    expect(sixth.status).toBe(409);
    expect(sixth.body.code).toBe('REGISTRATION_EXPIRED');
  });

  it('lets the address register again at once after its attempts ran out', async () => {
    const email = uniqueEmail('retry');
    const registration = await register(email, await newDevice());
    const code = await codeFor(api, email);
    for (const wrong of wrongCodes(code)) {
      await api.call('POST', `/v1/registrations/${registration.body.id}/confirm`, { body: { code: wrong } });
    }

    const again = await register(email, await newDevice());

    expect(again.status).toBe(201);
  });

  it('refuses an address with a pending registration, and one that belongs to a customer', async () => {
    const pendingEmail = uniqueEmail('pending');
    await register(pendingEmail, await newDevice());
    const customer = await registerCustomer(api, 'taken');

    const pending = await register(pendingEmail, await newDevice());
    const taken = await register(customer.email, await newDevice());

    expect([pending.status, (pending.body as unknown as Problem).code]).toEqual([409, 'REGISTRATION_PENDING']);
    expect([taken.status, (taken.body as unknown as Problem).code]).toEqual([409, 'EMAIL_ALREADY_REGISTERED']);
  });

  it('refuses a device key with private members and a weak password, naming the fields', async () => {
    const device = await newDevice();
    const answer = await api.call<Problem & { errors: { field: string; message: string }[] }>('POST', '/v1/registrations', {
      body: {
        email: uniqueEmail('weak'),
        password: 'short',
        device: { name: 'phone', publicJwk: { ...device.publicJwk, d: 'secret' } },
      },
    });

    expect(answer.status).toBe(422);
    expect(answer.body.errors.map((error) => error.field).sort()).toEqual(['device.publicJwk.d', 'password']);
    // The document lists no private member (additionalProperties: false refuses them); the answer still names it as one.
    expect(answer.body.errors).toContainEqual({
      field: 'device.publicJwk.d',
      message: expect.stringContaining('private key member'),
    });
  });
});

describe('sign-in refusals', () => {
  const sessionBody = (customer: { email: string; password: string }) => ({ email: customer.email, password: customer.password });

  it('refuses a sign-in without a proof, from a key that is no device of the customer, and a replayed proof', async () => {
    // Prepare
    const customer = await registerCustomer(api, 'refused');
    const stranger = await newDevice();
    const proof = await dpopProof(customer.device, 'POST', sessionsUrl());
    await api.call('POST', '/v1/sessions', { body: sessionBody(customer), headers: { dpop: proof } });

    // Act
    const missing = await api.call<Problem>('POST', '/v1/sessions', { body: sessionBody(customer) });
    const unregistered = await api.call<Problem>('POST', '/v1/sessions', {
      body: sessionBody(customer),
      headers: { dpop: await dpopProof(stranger, 'POST', sessionsUrl()) },
    });
    const replayed = await api.call<Problem>('POST', '/v1/sessions', { body: sessionBody(customer), headers: { dpop: proof } });

    // Assess
    expect([missing.status, missing.body.code]).toEqual([401, 'DPOP_PROOF_MISSING']);
    expect([unregistered.status, unregistered.body.code]).toEqual([401, 'DEVICE_NOT_REGISTERED']);
    expect([replayed.status, replayed.body.code]).toEqual([401, 'DPOP_PROOF_REPLAYED']);
    // The sign-in challenges DPoP only (it takes no token); only the refused proof says invalid_dpop_proof (RFC 9449 §7.1).
    expect(missing.headers.get('www-authenticate')).toBe('DPoP algs="ES256"');
    expect(unregistered.headers.get('www-authenticate')).toBe('DPoP algs="ES256"');
    expect(replayed.headers.get('www-authenticate')).toBe('DPoP error="invalid_dpop_proof", algs="ES256"');
  });

  it('refuses a stale proof, a proof for another URL, and a wrong password', async () => {
    const customer = await registerCustomer(api, 'stale');
    const stale = await dpopProof(customer.device, 'POST', sessionsUrl(), { iatSeconds: Math.floor(Date.now() / 1000) - 600 });
    const elsewhere = await dpopProof(customer.device, 'POST', 'https://elsewhere.example/v1/sessions');

    const old = await api.call<Problem>('POST', '/v1/sessions', { body: sessionBody(customer), headers: { dpop: stale } });
    const misdirected = await api.call<Problem>('POST', '/v1/sessions', {
      body: sessionBody(customer),
      headers: { dpop: elsewhere },
    });
    const wrongPassword = await api.call<Problem>('POST', '/v1/sessions', {
      body: { email: customer.email, password: `${customer.password}x` },
      headers: { dpop: await dpopProof(customer.device, 'POST', sessionsUrl()) },
    });

    expect([old.status, old.body.code]).toEqual([401, 'DPOP_PROOF_STALE']);
    expect([misdirected.status, misdirected.body.code]).toEqual([401, 'DPOP_PROOF_INVALID']);
    expect([wrongPassword.status, wrongPassword.body.code]).toEqual([401, 'INVALID_CREDENTIALS']);
    for (const refused of [old, misdirected])
      expect(refused.headers.get('www-authenticate')).toBe('DPoP error="invalid_dpop_proof", algs="ES256"');
    expect(wrongPassword.headers.get('www-authenticate')).toBe('DPoP algs="ES256"');
  });

  it('refuses a proof whose htu is another URI spelling of the sessions URL (userinfo, a backslash, another host spelling, dot segments)', async () => {
    // Arrange: probe as1's spellings, each signed by the registered device; the password is right.
    const customer = await registerCustomer(api, 'htu');
    const right = new URL(sessionsUrl());
    const spellings = [
      `${right.protocol}//evil@${right.host}${right.pathname}`,
      `${right.protocol}\\\\${right.host}${right.pathname.replaceAll('/', '\\')}`,
      `${right.protocol}//${right.host}/v1/x/../sessions`,
      ` ${sessionsUrl()} `,
    ];

    // Act
    const refusals = [];
    for (const htu of spellings) {
      const proof = await dpopProof(customer.device, 'POST', htu);
      refusals.push(await api.call<Problem>('POST', '/v1/sessions', { body: sessionBody(customer), headers: { dpop: proof } }));
    }

    // Assess
    for (const refused of refusals) {
      expect([refused.status, refused.body.code]).toEqual([401, 'DPOP_PROOF_INVALID']);
      expect(refused.body.detail).toBe(`The DPoP proof is invalid: htu must be ${sessionsUrl()}.`);
    }
  });

  it('refuses a proof with a crit header, naming the unsupported critical header rather than the signature', async () => {
    // Arrange: a proof right in every other respect, signed by the registered device (jose would not sign an unknown crit).
    const customer = await registerCustomer(api, 'crit');
    const proof = await rawEs256Jws(
      customer.device,
      { alg: 'ES256', typ: 'dpop+jwt', jwk: customer.device.publicJwk, crit: ['x-unknown'], 'x-unknown': 1 },
      { htm: 'POST', htu: sessionsUrl(), iat: Math.floor(Date.now() / 1000), jti: randomUUID() },
    );

    // Act
    const refused = await api.call<Problem>('POST', '/v1/sessions', { body: sessionBody(customer), headers: { dpop: proof } });

    // Assess
    expect([refused.status, refused.body.code]).toEqual([401, 'DPOP_PROOF_INVALID']);
    expect(refused.body.detail).toBe(
      'The DPoP proof is invalid: its crit header names x-unknown, and kippu supports no critical header (RFC 7515 §4.1.11).',
    );
    expect(refused.headers.get('www-authenticate')).toBe('DPoP error="invalid_dpop_proof", algs="ES256"');
  });
});

describe('devices and device pairs', () => {
  it('pairs two of the customer’s devices, and refuses a pair naming another customer’s device', async () => {
    // Prepare
    const customer = await registerCustomer(api, 'pairer');
    const other = await registerCustomer(api, 'other');
    const token = (await signIn(api, customer)).body.accessToken;
    const otherSession = await signIn(api, other);
    const { added: second } = await addDevice(token, 'tablet');
    const phoneId = (await api.call<{ items: { id: string }[] }>('GET', '/v1/devices', { token })).body.items.find(
      (device) => device.id !== second.body.id,
    )?.id;

    // Act
    const pair = await api.call<{ id: string }>('POST', '/v1/device-pairs', {
      token,
      body: { fromDeviceId: phoneId, toDeviceId: second.body.id },
    });
    const foreign = await api.call<Problem & { errors: { field: string }[] }>('POST', '/v1/device-pairs', {
      token,
      body: { fromDeviceId: phoneId, toDeviceId: otherSession.body.deviceId },
    });
    const pairs = await api.call<{ items: { id: string }[]; nextCursor: string | null }>('GET', '/v1/device-pairs', { token });
    const pairedDevice = await api.call<Problem>('DELETE', `/v1/devices/${second.body.id}`, { token });
    const removedPair = await api.call('DELETE', `/v1/device-pairs/${pair.body.id}`, { token });
    const removedDevice = await api.call('DELETE', `/v1/devices/${second.body.id}`, { token });
    const lastDevice = await api.call<Problem>('DELETE', `/v1/devices/${phoneId ?? ''}`, { token });

    // Assess
    expect(second.status).toBe(201);
    expect(pair.status).toBe(201);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('DEVICE_NOT_FOUND');
    expect(foreign.body.errors).toEqual([expect.objectContaining({ field: 'toDeviceId' })]);
    expect(pairs.body).toEqual({
      items: [expect.objectContaining({ id: pair.body.id, fromDeviceId: phoneId })],
    });
    expect([pairedDevice.status, pairedDevice.body.code]).toEqual([409, 'DEVICE_IN_PAIR']);
    expect([removedPair.status, removedDevice.status]).toEqual([204, 204]);
    expect([lastDevice.status, lastDevice.body.code]).toEqual([409, 'LAST_DEVICE']);
  });

  it('pages devices with cursors only this customer can continue: a hand-made or another customer’s cursor is INVALID_CURSOR', async () => {
    // Prepare
    const customer = await registerCustomer(api, 'pager');
    const other = await registerCustomer(api, 'pager-other');
    const token = (await signIn(api, customer)).body.accessToken;
    const otherToken = (await signIn(api, other)).body.accessToken;
    const tablet = await newDevice();
    await created(api.call('POST', '/v1/devices', { token, body: { name: 'tablet', publicJwk: tablet.publicJwk } }));
    type DevicePage = { items: { id: string }[]; nextCursor?: string };
    const first = await api.call<DevicePage>('GET', '/v1/devices?limit=1', { token });
    const cursor = encodeURIComponent(first.body.nextCursor ?? '');
    const handMade = (kind: 'dev' | 'dpr') =>
      encodeURIComponent(Buffer.from(JSON.stringify({ kind, after: `${kind}_${'A'.repeat(22)}` })).toString('base64url'));

    // Act
    const second = await api.call<DevicePage>('GET', `/v1/devices?limit=1&cursor=${cursor}`, { token });
    const othersList = await api.call<Problem>('GET', `/v1/devices?limit=1&cursor=${cursor}`, { token: otherToken });
    const pairsList = await api.call<Problem>('GET', `/v1/device-pairs?limit=1&cursor=${cursor}`, { token });
    const forgedDevices = await api.call<Problem>('GET', `/v1/devices?cursor=${handMade('dev')}`, { token });
    const forgedPairs = await api.call<Problem>('GET', `/v1/device-pairs?cursor=${handMade('dpr')}`, { token });

    // Assess
    expect([first.status, first.body.items.length, typeof first.body.nextCursor]).toEqual([200, 1, 'string']);
    expect([second.status, second.body.items.length]).toEqual([200, 1]);
    expect(second.body.nextCursor).toBeUndefined();
    expect(second.body.items[0]?.id).not.toBe(first.body.items[0]?.id);
    for (const refused of [othersList, pairsList, forgedDevices, forgedPairs]) {
      expect([refused.status, refused.body.code]).toEqual([400, 'INVALID_CURSOR']);
    }
  });

  it('signs in from a device added later, and no longer from a removed one', async () => {
    const customer = await registerCustomer(api, 'adder');
    const token = (await signIn(api, customer)).body.accessToken;
    const { device: laptop, added } = await addDevice(token, 'laptop');

    const fromLaptop = await signIn(api, customer, laptop);
    await api.call('DELETE', `/v1/devices/${added.body.id}`, { token });
    const afterRemoval = await signIn(api, customer, laptop);

    expect(fromLaptop.body.deviceId).toBe(added.body.id);
    expect([afterRemoval.status, afterRemoval.body.code]).toEqual([401, 'DEVICE_NOT_REGISTERED']);
  });

  it('ends a removed device’s sessions at once: its token is refused everywhere and cannot add the device back', async () => {
    const customer = await registerCustomer(api, 'remover');
    const phoneToken = (await signIn(api, customer)).body.accessToken;
    const { device: laptop, added } = await addDevice(phoneToken, 'laptop');
    const laptopToken = (await signIn(api, customer, laptop)).body.accessToken;
    const beforeRemoval = await api.call('GET', '/v1/me', { token: laptopToken });

    const removed = await api.call('DELETE', `/v1/devices/${added.body.id}`, { token: phoneToken });
    const me = await api.call<Problem>('GET', '/v1/me', { token: laptopToken });
    const addBack = await api.call<Problem>('POST', '/v1/devices', {
      token: laptopToken,
      body: { name: 'again', publicJwk: laptop.publicJwk },
    });
    const removeOther = await api.call<Problem>('DELETE', `/v1/devices/${added.body.id}`, { token: laptopToken });
    const signInAgain = await signIn(api, customer, laptop);
    const phoneStill = await api.call<{ items: { id: string }[] }>('GET', '/v1/devices', { token: phoneToken });

    expect(beforeRemoval.status).toBe(200);
    expect(removed.status).toBe(204);
    expect([me.status, me.body.code]).toEqual([401, 'SESSION_REVOKED']);
    expect(me.body.detail).toMatch(/^The device this session was signed in from was removed/);
    expect([addBack.status, addBack.body.code]).toEqual([401, 'SESSION_REVOKED']);
    expect([removeOther.status, removeOther.body.code]).toEqual([401, 'SESSION_REVOKED']);
    expect([signInAgain.status, signInAgain.body.code]).toEqual([401, 'DEVICE_NOT_REGISTERED']);
    expect(phoneStill.status).toBe(200);
    expect(phoneStill.body.items.map((device) => device.id)).not.toContain(added.body.id);
  });

  it('refuses a removed device’s session on every operation that takes a token, customers’ or not, as each declares', async () => {
    // Prepare: a session signed in from a device that is then removed.
    const customer = await registerCustomer(api, 'everywhere');
    const phoneToken = (await signIn(api, customer)).body.accessToken;
    const { device: laptop, added } = await addDevice(phoneToken, 'laptop');
    const laptopToken = (await signIn(api, customer, laptop)).body.accessToken;
    expect((await api.call('DELETE', `/v1/devices/${added.body.id}`, { token: phoneToken })).status).toBe(204);
    const operations = Object.entries(api.document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([, operation]) => (operation as { 'x-kippu-roles'?: unknown })['x-kippu-roles'] !== undefined)
        .map(([method]) => ({ method: method.toUpperCase(), path: path.replace(/\{\w+\}/g, 'any-id') })),
    );
    expect(operations.length).toBeGreaterThan(50);

    // Act: every answer also goes through the document's check (the 401's code must be declared there).
    const answers = [];
    for (const { method, path } of operations) {
      const answer = await api.call<Problem>(method, path, { token: laptopToken });
      answers.push({ operation: `${method} ${path}`, status: answer.status, code: answer.body.code });
    }

    // Assess
    expect(answers).toEqual(
      operations.map(({ method, path }) => ({ operation: `${method} ${path}`, status: 401, code: 'SESSION_REVOKED' })),
    );
  });

  it('does not bring a removed device’s old session back when the customer adds the same key again', async () => {
    const customer = await registerCustomer(api, 'readder');
    const phoneToken = (await signIn(api, customer)).body.accessToken;
    const laptop = await newDevice();
    const body = { name: 'laptop', publicJwk: laptop.publicJwk };
    const added = await api.call<{ id: string }>('POST', '/v1/devices', { token: phoneToken, body });
    const oldLaptopToken = (await signIn(api, customer, laptop)).body.accessToken;
    await api.call('DELETE', `/v1/devices/${added.body.id}`, { token: phoneToken });
    // The test clock moves on, so that the key is added again at a later time than first.
    await api.call('POST', '/local/clock', { body: { advanceSeconds: 1 } });

    const addedAgain = await api.call<{ id: string }>('POST', '/v1/devices', { token: phoneToken, body });
    const oldSession = await api.call<Problem>('GET', '/v1/me', { token: oldLaptopToken });
    const newSession = await signIn(api, customer, laptop);
    const newMe = await api.call('GET', '/v1/me', { token: newSession.body.accessToken });

    expect([addedAgain.status, addedAgain.body.id]).toEqual([201, added.body.id]);
    expect([oldSession.status, oldSession.body.code]).toEqual([401, 'SESSION_REVOKED']);
    expect(newMe.status).toBe(200);
  });
});
