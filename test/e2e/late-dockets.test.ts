import { randomBytes } from 'node:crypto';
import { DELEGATION_MEMBER, DOCKET_TYPE, REFUND_DOCKET_TYPE, verifyDocket, verifyRefundDocket } from '@kippu/verify';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapLocalResources } from '../../scripts/local/bootstrap';
import { KEY_LISTED_AFTER_VALID_UNTIL_SECONDS } from '../../shared/limits';
import { localClock, okBody, pollAnswer, startTestApi, uniqueId, type TestApi } from '../fixtures/api';

/**
 * A docket read over HTTP after its delegated key left the JWK Set (probe AN4): GET
 * /v1/purchases/{id} and GET /v1/purchases answer the docket GET /v1/purchases/{id}/docket
 * serves — the same claims signed again by the KMS key, once, and stored — never the stored
 * token of a key the served set no longer lists. Windows of a minute and V = 2 minutes
 * (KIPPU_SIGNING_ROTATION_SECONDS, KIPPU_SIGNING_DELEGATED_VALIDITY_SECONDS_MAX), so that the
 * local test clock passes a key's validUntil in minutes.
 *
 * The same short windows show a delegated key kept in the set a verifier's leeway past its
 * validUntil. The test clock is process-wide, so this file runs in a stage of its own.
 */
interface Party {
  id: string;
}
interface Purchase {
  id: string;
  status: string;
  settlement?: { docketId: string; docket: string };
}

const ROTATION_SECONDS = 60;
const VALIDITY_SECONDS = 120;

let api: TestApi;
let operator: string;

beforeAll(async () => {
  const stage = `dockets${randomBytes(4).toString('hex')}`;
  process.env.KIPPU_SIGNING_ROTATION_SECONDS = String(ROTATION_SECONDS);
  process.env.KIPPU_SIGNING_DELEGATED_VALIDITY_SECONDS_MAX = String(VALIDITY_SECONDS);
  Object.assign(process.env, await bootstrapLocalResources({}, stage));
  api = await startTestApi(stage);
  operator = await api.tokenFor('operator', 'op-late-dockets');
}, 120_000);
afterAll(async () => api.close());

const ok = okBody;
const keySet = async (): Promise<JSONWebKeySet> => ok(api.call<JSONWebKeySet>('GET', '/.well-known/jwks.json'));
const rootKids = (jwks: JSONWebKeySet) => jwks.keys.filter((key) => !(DELEGATION_MEMBER in key)).map((key) => key.kid);
const kidOf = (token: string | undefined) => decodeProtectedHeader(token ?? '').kid;

/** What a served docket (or refund docket) gets from plain jose against the served JWK Set, and from kippu's verifier. */
const verdicts = async (token: string, jwks: JSONWebKeySet, audience: string, type = DOCKET_TYPE) => {
  const plain = await jwtVerify(token, createLocalJWKSet(jwks), { algorithms: ['ES256'], typ: type }).then(
    () => 'ok',
    (error: { code?: string }) => error.code,
  );
  const options = { jwks, issuer: process.env.KIPPU_ISSUER ?? '', audience };
  const kippu = await (type === REFUND_DOCKET_TYPE ? verifyRefundDocket(token, options) : verifyDocket(token, options));
  return { plain, kippu: kippu.ok ? 'ok' : kippu.reason };
};

describe('a docket read after its delegated key left the JWK Set', () => {
  let provider: Party;
  let customer: Party;
  let bought: Purchase[];
  /** The refund docket of a third purchase, refunded at once: signed by the window's delegated key. */
  let refunded: { id: string; refundDocket: string };

  beforeAll(async () => {
    provider = await ok(
      api.call<Party>('POST', '/v1/providers', {
        token: operator,
        body: { name: 'Late Dockets', proxySettlement: { trusted: false }, platformFeeBps: 1_000 },
      }),
    );
    const kiosk = await ok(api.call<Party>('POST', '/v1/agents', { token: operator, body: { name: 'Kiosk', feeBps: 0 } }));
    customer = await ok(api.call<Party>('POST', '/v1/customers', { token: operator, body: { name: 'Ren' } }));
    await ok(
      api.call('POST', `/v1/customers/${customer.id}/topups`, {
        token: await api.tokenFor('agent', kiosk.id),
        body: { amountMinor: 5_000, currency: 'JPY', reference: uniqueId('receipt') },
      }),
    );
    const offer = await ok(
      api.call<{ id: string }>('POST', '/v1/offers', {
        token: await api.tokenFor('provider', provider.id),
        body: {
          providerId: provider.id,
          title: 'Late docket camera',
          resource: 'server-1/stream-late',
          priceMinor: 700,
          currency: 'JPY',
          validitySeconds: 60,
          capabilities: ['image'],
        },
      }),
    );
    const token = await api.tokenFor('customer', customer.id);
    bought = [];
    for (const key of [uniqueId('late'), uniqueId('late')]) {
      const purchase = await ok(
        api.call<Purchase>('POST', '/v1/purchases', { token, headers: { 'idempotency-key': key }, body: { offerId: offer.id } }),
      );
      const settled = await pollAnswer(
        () => ok(api.call<Purchase>('GET', `/v1/purchases/${purchase.id}`, { token })),
        (answer) => answer.status === 'settled',
      );
      expect(settled.status).toBe('settled');
      bought.push(settled);
    }
    const purchase = await ok(
      api.call<Purchase>('POST', '/v1/purchases', {
        token,
        headers: { 'idempotency-key': uniqueId('late') },
        body: { offerId: offer.id },
      }),
    );
    await pollAnswer(
      () => ok(api.call<Purchase>('GET', `/v1/purchases/${purchase.id}`, { token })),
      (answer) => answer.status === 'settled',
    );
    const providerToken = await api.tokenFor('provider', provider.id);
    await ok(api.call('POST', `/v1/purchases/${purchase.id}/refund`, { token: providerToken }));
    const read = await ok(
      api.call<{ token: string }>('GET', `/v1/purchases/${purchase.id}/refund-docket`, { token: providerToken }),
    );
    refunded = { id: purchase.id, refundDocket: read.token };
  }, 180_000);

  it('GET /v1/purchases/{id} and the list answer the root-signed copy the docket route serves, which verifies against the served set', async () => {
    // Prepare: the dockets as served at settlement, signed by delegated keys.
    const jwksAtSettlement = await keySet();
    for (const purchase of bought) {
      expect(rootKids(jwksAtSettlement)).not.toContain(kidOf(purchase.settlement?.docket));
      expect(await verdicts(purchase.settlement?.docket ?? '', jwksAtSettlement, provider.id)).toEqual({
        plain: 'ok',
        kippu: 'ok',
      });
    }
    await localClock(api, 3 * ROTATION_SECONDS + VALIDITY_SECONDS + 60);
    const token = await api.tokenFor('customer', customer.id);
    const [first, second] = bought.map((purchase) => purchase.id);

    // Act
    const read = await ok(api.call<Purchase>('GET', `/v1/purchases/${first}`, { token }));
    const listed = await ok(api.call<{ items: Purchase[] }>('GET', '/v1/purchases', { token }));
    const listedAgain = await ok(api.call<{ items: Purchase[] }>('GET', '/v1/purchases', { token }));
    const docketRoute = await ok(api.call<{ token: string }>('GET', `/v1/purchases/${second}/docket`, { token }));
    const refundDocketPath = `/v1/purchases/${refunded.id}/refund-docket`;
    const refundDocket = await ok(api.call<{ token: string }>('GET', refundDocketPath, { token }));
    const refundDocketAgain = await ok(api.call<{ token: string }>('GET', refundDocketPath, { token }));
    const jwks = await keySet();

    // Assess
    const fromList = (id: string | undefined) => listed.items.find((item) => item.id === id)?.settlement?.docket ?? '';
    for (const purchase of bought) {
      const stale = purchase.settlement?.docket ?? '';
      expect(await verdicts(stale, jwks, provider.id)).toEqual({ plain: 'ERR_JWKS_NO_MATCHING_KEY', kippu: 'UNKNOWN_KID' });
      expect(rootKids(jwks)).toContain(kidOf(fromList(purchase.id)));
      expect(fromList(purchase.id).split('.')[1]).toBe(stale.split('.')[1]);
      expect(await verdicts(fromList(purchase.id), jwks, provider.id)).toEqual({ plain: 'ok', kippu: 'ok' });
    }
    expect(read.settlement?.docket).toBe(fromList(first));
    expect(await verdicts(read.settlement?.docket ?? '', jwks, provider.id)).toEqual({ plain: 'ok', kippu: 'ok' });
    expect(listedAgain).toEqual(listed);
    expect(docketRoute.token).toBe(fromList(second));
    // The refund docket: signed by the window's delegated key when refunded, signed again by the KMS key once its key left.
    expect(rootKids(jwksAtSettlement)).not.toContain(kidOf(refunded.refundDocket));
    expect(await verdicts(refunded.refundDocket, jwks, provider.id, REFUND_DOCKET_TYPE)).toEqual({
      plain: 'ERR_JWKS_NO_MATCHING_KEY',
      kippu: 'UNKNOWN_KID',
    });
    expect(rootKids(jwks)).toContain(kidOf(refundDocket.token));
    expect(refundDocket.token.split('.')[1]).toBe(refunded.refundDocket.split('.')[1]);
    expect(await verdicts(refundDocket.token, jwks, provider.id, REFUND_DOCKET_TYPE)).toEqual({ plain: 'ok', kippu: 'ok' });
    expect(refundDocketAgain.token).toBe(refundDocket.token);
  });
});

describe('a delegated key near its validUntil', () => {
  it("stays in the served JWK Set a verifier's largest leeway (60 s) past its validUntil, then leaves it", async () => {
    // Prepare: a ticket signed by the current window's delegated key, and that key's validUntil.
    const provider = await ok(
      api.call<Party>('POST', '/v1/providers', {
        token: operator,
        body: { name: 'Leeway', proxySettlement: { trusted: false }, platformFeeBps: 1_000 },
      }),
    );
    const holder = await ok(api.call<Party>('POST', '/v1/customers', { token: operator, body: { name: 'Aki' } }));
    const ticket = await ok(
      api.call<{ token: string }>('POST', '/v1/tickets', {
        token: operator,
        body: {
          providerId: provider.id,
          holderId: holder.id,
          resource: 'server-1/leeway',
          validitySeconds: 60,
          capabilities: ['image'],
        },
      }),
    );
    const signingKey = (await keySet()).keys.find((key) => key.kid === kidOf(ticket.token)) ?? {};
    const delegation = String((signingKey as Record<string, unknown>)[DELEGATION_MEMBER]);
    const key = { kid: kidOf(ticket.token), validUntil: decodeJwt(delegation).validUntil as number };
    const clockSeconds = async () => Math.floor(Date.parse((await localClock(api)).now) / 1000);
    const kids = async () => (await keySet()).keys.map((key) => key.kid);

    // Act: 30 s past its validUntil (inside the leeway), then 66 s past it.
    await localClock(api, key.validUntil + 30 - (await clockSeconds()));
    const inside = await kids();
    await localClock(api, key.validUntil + 66 - (await clockSeconds()));
    const after = await kids();

    // Assess
    expect(rootKids(await keySet())).not.toContain(key.kid);
    expect(KEY_LISTED_AFTER_VALID_UNTIL_SECONDS).toBe(60);
    expect(inside).toContain(key.kid);
    expect(after).not.toContain(key.kid);
  });
});
