import { describe, expect, it } from 'vitest';
import { makeHandler as registrationConfirm } from '../../../functions/registration-confirm/handler';
import { makeHandler as registrationCreate } from '../../../functions/registration-create/handler';
import { makeHandler as registrationExpire } from '../../../functions/registration-expire/handler';
import { readOutbox } from '../../../scripts/local/outbox';
import { confirmDeps, expiryDeps, registrationDeps } from '../../../shared/adapters/aws/identity-wiring';
import { idempotencyDeps } from '../../../shared/adapters/aws/wiring';
import { REGISTRATION_EXPIRY_GRACE_SECONDS } from '../../../shared/limits';
import { ManualClock } from '../../fixtures/clock';
import { TEST_BASE, apiEvent, call } from '../../fixtures/handlers';
import { PASSWORD, newDevice, uniqueEmail } from '../../fixtures/identity';

/**
 * Registration expiry on the real adapters (DynamoDB Local, moto's cognito-idp, SES and KMS),
 * through the handlers, with a short KIPPU_REGISTRATION_CONFIRM_SECONDS and a hand-moved
 * clock: a confirm after the expiry is refused by time; the scheduled sweep expires the
 * registration and the address may register again.
 */
const CONFIRM_SECONDS = 60;
const env = { ...process.env, KIPPU_REGISTRATION_CONFIRM_SECONDS: String(CONFIRM_SECONDS) };
const sesEndpoint = process.env.AWS_ENDPOINT_URL_SESV2 ?? '';

const world = () => {
  const clock = new ManualClock(Date.now());
  const base = { ...TEST_BASE };
  return {
    clock,
    create: registrationCreate({
      ...base,
      ...idempotencyDeps(env, TEST_BASE.config),
      registrations: { ...registrationDeps(env), clock },
    }),
    confirm: registrationConfirm({ ...base, ...idempotencyDeps(env, TEST_BASE.config), confirm: { ...confirmDeps(env), clock } }),
    expire: registrationExpire({ ...base, ...expiryDeps(env), clock }),
  };
};

const registration = async (create: ReturnType<typeof world>['create'], email: string) =>
  call(
    create,
    apiEvent({
      method: 'POST',
      path: '/v1/registrations',
      body: { email, password: PASSWORD, device: { name: 'phone', publicJwk: (await newDevice()).publicJwk } },
    }),
  );

describe('a registration with a short confirmation time', () => {
  it('is refused after its expiry, expired by the sweep, and its address registers again', async () => {
    // Prepare
    const { clock, create, confirm, expire } = world();
    const email = uniqueEmail('expiring');
    const first = await registration(create, email);
    const [sent] = await readOutbox(sesEndpoint, email);

    // Act
    clock.advanceSeconds(CONFIRM_SECONDS);
    const late = await call(
      confirm,
      apiEvent({
        method: 'POST',
        path: '/v1/registrations/{id}/confirm',
        pathParameters: { id: String(first.body['id']) },
        body: { code: sent?.code },
      }),
    );
    clock.advanceSeconds(REGISTRATION_EXPIRY_GRACE_SECONDS);
    const swept = await expire();
    const again = await registration(create, email);

    // Assess
    expect(first.status).toBe(201);
    expect(
      Date.parse(String(first.body['expiresAt'])) - (clock.now() - (CONFIRM_SECONDS + REGISTRATION_EXPIRY_GRACE_SECONDS) * 1000),
    ).toBe(CONFIRM_SECONDS * 1000);
    expect(sent?.code).toMatch(/^\d{6}$/);
    expect([late.status, late.body['code']]).toEqual([409, 'REGISTRATION_EXPIRED']);
    expect(swept.expired).toBeGreaterThanOrEqual(1);
    expect(again.status).toBe(201);
  });
});
