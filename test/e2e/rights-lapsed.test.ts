import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapLocalResources } from '../../scripts/local/bootstrap';
import { localClock, startTestApi, uniqueId, type TestApi } from '../fixtures/api';
import { created, deviceProof, rightsScene, type Problem } from '../fixtures/rights-api';

/**
 * Seconds held by a usage reservation that lapsed but that the sweep has not closed yet are
 * free at the instant of its expiry, for a grant and a device transfer as for a redeem: black
 * box over HTTP, with the local test clock moved past the reservation's `expiresAt` and no
 * sweep run. The clock is process-wide, so this file runs in a stage of its own (its own
 * tables, queues and keys), as the billing one does.
 */
let api: TestApi;
let scene: ReturnType<typeof rightsScene>;

beforeAll(async () => {
  const stage = `lapse${randomBytes(4).toString('hex')}`;
  Object.assign(process.env, await bootstrapLocalResources({}, stage));
  api = await startTestApi(stage);
  scene = rightsScene(api, await api.tokenFor('operator', 'op-lapsed'));
}, 120_000);
afterAll(async () => api.close());

const DAY_SECONDS = 86_400;
const nowSeconds = async () => Math.floor(Date.parse((await localClock(api)).now) / 1000);

/** Moves the local clock to `expiresAt` (or one second short of it), never back. */
/**
 * The local clock runs on with real time after a move, so "before the expiry" is taken
 * EARLY_SECONDS before it: far more than a request takes on a busy machine.
 */
const EARLY_SECONDS = 30;

const moveClockTo = async (expiresAt: string, shortBySeconds = 0) => {
  const seconds = Math.ceil((Date.parse(expiresAt) - Date.parse((await localClock(api)).now)) / 1000) - shortBySeconds;
  if (seconds > 0) await localClock(api, seconds);
};

describe('seconds of a lapsed usage reservation, before the sweep runs', () => {
  it('are free to grant at the expiry instant, and held shortly before it', async () => {
    // Prepare
    const provider = await scene.provider();
    const holder = await scene.customer();
    const grantee = await scene.customer();
    const ticket = await scene.ticket(provider, holder, { maxSeconds: 600, validitySeconds: DAY_SECONDS });
    const reserved = await scene.redeem(provider, ticket.id, { nonce: uniqueId('nonce'), seconds: 600 });
    const expiresAt = reserved.body.reservation?.expiresAt ?? '';
    const grant = () =>
      api.call<{ ticket: { id: string } } & Problem>('POST', `/v1/tickets/${ticket.id}/grants`, {
        token: holder.token,
        headers: { 'idempotency-key': uniqueId('grant') },
        body: { granteeId: grantee.id, seconds: 100 },
      });

    // Act
    await moveClockTo(expiresAt, EARLY_SECONDS);
    const early = await grant();
    await moveClockTo(expiresAt);
    const granted = await grant();
    const grantorLeft = await scene.redeem(provider, ticket.id, { nonce: uniqueId('nonce'), seconds: 500 });

    // Assess
    expect(reserved.status).toBe(200);
    expect(early).toMatchObject({ status: 409, body: { code: 'GRANT_EXCEEDS_ALLOWANCE', remaining: { seconds: 0 } } });
    expect(granted.status).toBe(201);
    expect(grantorLeft).toMatchObject({ status: 200, body: { remaining: { seconds: 0 } } });
  });

  it('let a bound ticket move to another device at the expiry instant', async () => {
    // Prepare
    const provider = await scene.provider();
    const content = await created(
      api.call<{ id: string }>('POST', '/v1/contents', {
        token: provider.token,
        body: {
          title: 'Harbour at dusk',
          keywords: ['harbour'],
          purposes: ['viewing'],
          maxPeriodSeconds: DAY_SECONDS,
          capabilities: ['view'],
          contentKey: randomBytes(32).toString('base64url'),
        },
      }),
    );
    const offer = await created(
      api.call<{ id: string }>('POST', '/v1/offers', {
        token: provider.token,
        body: {
          providerId: provider.id,
          priceMinor: 500,
          currency: 'JPY',
          validitySeconds: DAY_SECONDS,
          capabilities: ['view'],
          contentId: content.id,
          deviceBound: true,
          maxSeconds: 600,
        },
      }),
    );
    const buyer = await scene.customer(5_000);
    const phone = await scene.device(buyer, 'phone');
    const tablet = await scene.device(buyer, 'tablet');
    await created(
      api.call('POST', '/v1/device-pairs', { token: buyer.token, body: { fromDeviceId: phone.id, toDeviceId: tablet.id } }),
    );
    const bought = await created(
      api.call<{ ticket: { id: string } }>('POST', '/v1/purchases', {
        token: buyer.token,
        headers: { 'idempotency-key': uniqueId('buy') },
        body: { offerId: offer.id, deviceId: phone.id, purpose: 'viewing' },
      }),
    );
    const nonce = uniqueId('nonce');
    const reserved = await scene.redeem(provider, bought.ticket.id, {
      nonce,
      seconds: 60,
      proof: await deviceProof(phone.keys, { nonce, tkt: bought.ticket.id, iat: await nowSeconds() }),
    });
    const transfer = () =>
      api.call<{ ticket: { id: string } } & Problem>('POST', `/v1/tickets/${bought.ticket.id}/transfer`, {
        token: buyer.token,
        body: { toDeviceId: tablet.id },
      });

    // Act
    await moveClockTo(reserved.body.reservation?.expiresAt ?? '', EARLY_SECONDS);
    const early = await transfer();
    await moveClockTo(reserved.body.reservation?.expiresAt ?? '');
    const moved = await transfer();

    // Assess
    expect(reserved.status).toBe(200);
    expect(early).toMatchObject({ status: 409, body: { code: 'TICKET_IN_USE' } });
    expect(moved.status).toBe(201);
    expect(moved.body.ticket.id).not.toBe(bought.ticket.id);
  });
});

describe('more lapsed usage reservations than one page of them, before the sweep runs', () => {
  it('are all given back: the ticket shows them free, a redeem and a grant of all of them succeed at once', async () => {
    // Prepare: two tickets of 130 s, each reserved by 130 redeems of 1 s
    const provider = await scene.provider();
    const holder = await scene.customer();
    const grantee = await scene.customer();
    const LAPSED = 130;
    const redeemed = await scene.ticket(provider, holder, { maxSeconds: LAPSED, validitySeconds: DAY_SECONDS });
    const granted = await scene.ticket(provider, holder, { maxSeconds: LAPSED, validitySeconds: DAY_SECONDS });
    let expiresAt = '';
    for (const ticket of [redeemed, granted]) {
      for (let batch = 0; batch < LAPSED; batch += 10) {
        const answers = await Promise.all(
          Array.from({ length: 10 }, () => scene.redeem(provider, ticket.id, { nonce: uniqueId('one'), seconds: 1 })),
        );
        expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 10 }, () => 200));
        expiresAt =
          answers
            .map((answer) => answer.body.reservation?.expiresAt ?? '')
            .sort()
            .at(-1) ?? expiresAt;
      }
    }
    const grantKey = uniqueId('grant');
    const grant = () =>
      api.call<{ ticket: { id: string } } & Problem>('POST', `/v1/tickets/${granted.id}/grants`, {
        token: holder.token,
        headers: { 'idempotency-key': grantKey },
        body: { granteeId: grantee.id, seconds: LAPSED },
      });

    // Act
    await moveClockTo(expiresAt);
    const shown = await api.call<{ remaining: object }>('GET', `/v1/tickets/${redeemed.id}`, { token: holder.token });
    const all = await scene.redeem(provider, redeemed.id, { nonce: uniqueId('all'), seconds: LAPSED });
    const first = await grant();
    const replayed = await grant();

    // Assess
    expect(shown.body.remaining).toEqual({ seconds: LAPSED, reservedSeconds: 0 });
    expect(all).toMatchObject({ status: 200, body: { remaining: { seconds: 0 }, reservation: { seconds: LAPSED } } });
    expect(first.status).toBe(201);
    expect(replayed).toMatchObject({ status: 201, body: { ticket: { id: first.body.ticket.id } } });
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
  });
});
