import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD_POLICY } from '../../shared/resources/identity';
import { startTestApi, type TestApi } from '../fixtures/api';
import { PASSWORD, codeFor, newDevice, registerCustomer, signIn, uniqueEmail } from '../fixtures/identity';

/**
 * Registrations at their edges, over HTTP against the emulators: the longest passwords the
 * pool takes, concurrent confirms, addresses that operators and customers both want.
 */
let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api.close());

describe('a password at the pool’s limits', () => {
  it.each([
    ['letters', `Aa1!${'x'.repeat(PASSWORD_POLICY.lengthMax - 4)}`],
    ['characters of two UTF-16 units', `Aa1!${'😀'.repeat(PASSWORD_POLICY.lengthMax - 4)}`],
  ])('of %s, as long as the registration accepts, confirms and signs in', async (_name, password) => {
    // Act
    const customer = await registerCustomer(api, 'long-password', password);
    const session = await signIn(api, customer);

    // Assess
    expect(session.status).toBe(201);
  });
});

describe('confirms of one registration', () => {
  it('answers every one of ten identical confirms with the right code sent at once with the confirmation', async () => {
    // Prepare
    const email = uniqueEmail('concurrent');
    const device = await newDevice();
    const registration = await api.call<{ id: string }>('POST', '/v1/registrations', {
      body: { email, password: PASSWORD, device: { name: 'phone', publicJwk: device.publicJwk } },
    });
    const code = await codeFor(api, email);

    // Act
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        api.call<{ status: string }>('POST', `/v1/registrations/${registration.body.id}/confirm`, { body: { code } }),
      ),
    );

    // Assess
    expect(answers.map((answer) => `${answer.status} ${answer.body.status}`)).toEqual(
      Array.from({ length: 10 }, () => '200 confirmed'),
    );
  });
});

describe('an operator on an address a customer registers', () => {
  it('is refused with 409 REGISTRATION_PENDING while the registration waits, and the customer confirms', async () => {
    // Prepare
    const operator = await api.tokenFor('operator', 'op-edges');
    const email = uniqueEmail('contested');
    const registration = await api.call<{ id: string }>('POST', '/v1/registrations', {
      body: { email, password: PASSWORD, device: { name: 'phone', publicJwk: (await newDevice()).publicJwk } },
    });

    // Act
    const operatorAnswer = await api.call<{ code: string }>('POST', '/v1/operators', { token: operator, body: { email } });
    const confirmed = await api.call('POST', `/v1/registrations/${registration.body.id}/confirm`, {
      body: { code: await codeFor(api, email) },
    });
    const afterwards = await api.call<{ code: string }>('POST', '/v1/operators', { token: operator, body: { email } });

    // Assess
    expect([operatorAnswer.status, operatorAnswer.body.code]).toEqual([409, 'REGISTRATION_PENDING']);
    expect(confirmed.status).toBe(200);
    expect([afterwards.status, afterwards.body.code]).toEqual([409, 'EMAIL_ALREADY_REGISTERED']);
  });
});

describe('a registration with a name', () => {
  it('names the confirmed customer, trimmed; a replay of its key with another name is 422 IDEMPOTENCY_KEY_REUSED', async () => {
    // Prepare
    const email = uniqueEmail('named');
    const device = await newDevice();
    const register = (name: string) =>
      api.call<{ id: string; code?: string }>('POST', '/v1/registrations', {
        headers: { 'idempotency-key': `named-${email}` },
        body: { email, password: PASSWORD, device: { name: 'phone', publicJwk: device.publicJwk }, name },
      });

    // Act
    const registration = await register(' Aiko Tanaka ');
    const otherName = await register('Bo');
    const confirmed = await api.call<{ customerId: string }>('POST', `/v1/registrations/${registration.body.id}/confirm`, {
      body: { code: await codeFor(api, email) },
    });
    const customer = await api.call('GET', `/v1/customers/${confirmed.body.customerId}`, {
      token: await api.tokenFor('operator', 'op-edges'),
    });

    // Assess
    expect(registration.status).toBe(201);
    expect([otherName.status, otherName.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect(customer.body).toMatchObject({ id: confirmed.body.customerId, name: 'Aiko Tanaka' });
  });
});
