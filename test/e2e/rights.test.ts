import { randomBytes } from 'node:crypto';
import { compactDecrypt, decodeJwt, exportJWK, generateKeyPair, importJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHandler as makeUsageExpire } from '../../functions/usage-expire/handler';
import { allowanceDeps } from '../../shared/adapters/aws/rights-wiring';
import {
  ContentListResponse,
  ContentResponse,
  FixedPasswordResponse,
  IntakeResponse,
  IssuedTicketResponse,
  OtpResponse,
  RedeemResponse,
  UsageListResponse,
  UsageReportResponse,
} from '../../shared/api/rights';
import { OfferResponse } from '../../shared/api/offers';
import { TicketResponse } from '../../shared/api/tickets';
import { baseDeps } from '../../shared/http/base';
import { DEVICE_PROOF_FRESHNESS, OFFER_SEARCH_KEYWORDS_MAX } from '../../shared/limits';
import { silentLogger } from '../../shared/logger';
import { noMetrics } from '../../shared/ports';
import { startTestApi, uniqueId, type TestApi } from '../fixtures/api';
import { npxKippu } from '../fixtures/cli';
import { created, deviceProof, rightsScene, type Device, type Party, type Problem } from '../fixtures/rights-api';

/**
 * Usage rights over HTTP against the emulators (SPEC S1, S3, S5): contents, purchases of usage
 * rights bound to a device, redeem with uses, seconds and the window, one-time passwords,
 * device proofs and content keys, grants, transfers with the signed revocation list, the usage
 * log and the drain switch. Finer cases are in test/unit/rights and test/integration/rights.
 */
let api: TestApi;
let operator: string;
let scene: ReturnType<typeof rightsScene>;

beforeAll(async () => {
  api = await startTestApi();
  operator = await api.tokenFor('operator', 'op-rights');
  scene = rightsScene(api, operator);
});
afterAll(async () => api.close());

type Provider = Party & { token: string };
/** Every answer conforms to the schema the OpenAPI document publishes for it. */
const conforms = (schema: { safeParse(value: unknown): { success: boolean } }, body: unknown) =>
  expect(schema.safeParse(body).success, JSON.stringify(body)).toBe(true);
let nonces = 0;
const nonce = () => `${uniqueId('nonce')}-${(nonces += 1)}`;

const newContent = async (provider: Provider, contentKey = randomBytes(32)) =>
  created(
    api.call<{ id: string; providerId: string; title: string }>('POST', '/v1/contents', {
      token: provider.token,
      body: {
        title: 'Harbour at dawn',
        keywords: ['harbour', uniqueId('kw')],
        purposes: ['viewing', 'education'],
        maxPeriodSeconds: 7_200,
        capabilities: ['view', 'download'],
        contentKey: contentKey.toString('base64url'),
      },
    }),
  );

const newOffer = async (provider: Provider, body: Record<string, unknown>) =>
  created(
    api.call<{ id: string }>('POST', '/v1/offers', {
      token: provider.token,
      body: {
        providerId: provider.id,
        priceMinor: 500,
        currency: 'JPY',
        validitySeconds: 3_600,
        capabilities: ['view'],
        ...body,
      },
    }),
  );

const buy = async (buyer: { token: string }, body: Record<string, unknown>) =>
  api.call<{ id: string; ticket: { id: string; token: string }; deviceId?: string } & Problem>('POST', '/v1/purchases', {
    token: buyer.token,
    headers: { 'idempotency-key': uniqueId('buy') },
    body,
  });

/** A content, an offer of it bound to a device (3 uses), a buyer with two devices, and the bought ticket. */
const boundScene = async () => {
  const provider = await scene.provider();
  const contentKey = randomBytes(32);
  const content = await newContent(provider, contentKey);
  const offer = await newOffer(provider, { contentId: content.id, deviceBound: true, maxUses: 3 });
  const buyer = await scene.customer(5_000);
  const phone = await scene.device(buyer, 'phone');
  const tablet = await scene.device(buyer, 'tablet');
  const purchase = await buy(buyer, { offerId: offer.id, deviceId: phone.id, purpose: 'viewing', periodSeconds: 3_600 });
  if (purchase.status !== 201) throw new Error(`purchase: ${purchase.status} ${purchase.text}`);
  return {
    provider,
    content,
    contentKey,
    offer,
    buyer,
    phone,
    tablet,
    ticket: purchase.body.ticket,
    purchaseId: purchase.body.id,
  };
};

describe('contents and purchases of usage rights', () => {
  it('a provider adds a content whose key never comes back; anyone signed in finds it by keyword and reads it', async () => {
    // Prepare
    const provider = await scene.provider();
    const contentKey = randomBytes(16);
    const reader = await scene.customer();

    // Act
    const content = await newContent(provider, contentKey);
    const keyword = 'dawn';
    const found = await api.call<{ items: { id: string }[] }>('GET', `/v1/contents?q=harbour%20${keyword}&limit=100`, {
      token: reader.token,
    });
    const read = await api.call('GET', `/v1/contents/${content.id}`, { token: reader.token });
    const badCursor = await api.call<Problem>('GET', '/v1/contents?cursor=bm90LWEtY3Vyc29y', { token: reader.token });

    // Assess
    expect(content).toMatchObject({
      id: expect.stringMatching(/^cnt_/),
      providerId: provider.id,
      purposes: ['viewing', 'education'],
    });
    expect(JSON.stringify(content)).not.toContain(contentKey.toString('base64url'));
    expect(found.body.items.map((item) => item.id)).toContain(content.id);
    expect(read.body).toEqual(content);
    conforms(ContentResponse, content);
    conforms(ContentListResponse, found.body);
    expect(badCursor).toMatchObject({ status: 400, body: { code: 'INVALID_CURSOR' } });
  });

  it('a contents search takes at most OFFER_SEARCH_KEYWORDS_MAX distinct keywords, as its q parameter declares', async () => {
    // Prepare
    const reader = await scene.customer();
    const words = (count: number) => Array.from({ length: count }, (_, index) => `w${index}`).join('+');
    const declared = (path: string) =>
      (
        (api.document.paths[path]?.['get'] as unknown as { parameters: { name: string; schema: { description: string } }[] })
          .parameters ?? []
      ).find((parameter) => parameter.name === 'q')?.schema.description;

    // Act
    const most = await api.call('GET', `/v1/contents?q=${words(OFFER_SEARCH_KEYWORDS_MAX)}`, { token: reader.token });
    const repeated = await api.call('GET', `/v1/contents?q=${'a+'.repeat(OFFER_SEARCH_KEYWORDS_MAX + 2)}a`, {
      token: reader.token,
    });
    const tooMany = await api.call<Problem & { errors: { field: string }[] }>(
      'GET',
      `/v1/contents?q=${words(OFFER_SEARCH_KEYWORDS_MAX + 1)}`,
      { token: reader.token },
    );

    // Assess
    expect([most.status, repeated.status]).toEqual([200, 200]);
    expect([tooMany.status, tooMany.body.code, tooMany.body.errors.map((error) => error.field)]).toEqual([
      422,
      'VALIDATION_FAILED',
      ['q'],
    ]);
    const limit = `at most ${OFFER_SEARCH_KEYWORDS_MAX} distinct ones (else 422 VALIDATION_FAILED naming q)`;
    expect(declared('/v1/contents')).toContain(limit);
    expect(declared('/v1/offers')).toContain(limit);
  });

  it('a contents cursor continues the same search only: with another q it is INVALID_CURSOR', async () => {
    // Prepare
    const provider = await scene.provider();
    const reader = await scene.customer();
    const keyword = uniqueId('kw').replaceAll('-', '').toLowerCase();
    for (const title of ['First light', 'Second light']) {
      await created(
        api.call('POST', '/v1/contents', {
          token: provider.token,
          body: {
            title,
            keywords: [keyword],
            purposes: ['viewing'],
            maxPeriodSeconds: 3_600,
            capabilities: ['view'],
            contentKey: randomBytes(32).toString('base64url'),
          },
        }),
      );
    }
    const first = await api.call<{ items: { id: string }[]; nextCursor?: string }>('GET', `/v1/contents?q=${keyword}&limit=1`, {
      token: reader.token,
    });
    const cursor = encodeURIComponent(first.body.nextCursor ?? '');

    // Act
    const same = await api.call<{ items: { id: string }[] }>('GET', `/v1/contents?q=${keyword}&limit=1&cursor=${cursor}`, {
      token: reader.token,
    });
    const otherQuery = await api.call<Problem>('GET', `/v1/contents?q=harbour&limit=1&cursor=${cursor}`, { token: reader.token });
    const noQuery = await api.call<Problem>('GET', `/v1/contents?limit=1&cursor=${cursor}`, { token: reader.token });

    // Assess
    expect(typeof first.body.nextCursor).toBe('string');
    expect(same.status).toBe(200);
    expect(otherQuery).toMatchObject({ status: 400, body: { code: 'INVALID_CURSOR' } });
    expect(noQuery).toMatchObject({ status: 400, body: { code: 'INVALID_CURSOR' } });
  });

  it('a purchase names a purpose and a period the content allows (else 422 naming the limit); a bound offer needs a device and binds the ticket to it', async () => {
    // Prepare
    const provider = await scene.provider();
    const content = await newContent(provider);
    const offer = await newOffer(provider, { contentId: content.id, deviceBound: true, maxUses: 2 });
    const buyer = await scene.customer(5_000);
    const phone = await scene.device(buyer);

    // Act
    const wrongPurpose = await buy(buyer, { offerId: offer.id, deviceId: phone.id, purpose: 'broadcast' });
    const tooLong = await buy(buyer, { offerId: offer.id, deviceId: phone.id, purpose: 'viewing', periodSeconds: 7_201 });
    const noDevice = await buy(buyer, { offerId: offer.id, purpose: 'viewing' });
    const bought = await buy(buyer, { offerId: offer.id, deviceId: phone.id, purpose: 'education', periodSeconds: 1_800 });

    // Assess
    expect(wrongPurpose).toMatchObject({ status: 422, body: { code: 'PURPOSE_NOT_ALLOWED', errors: [{ field: 'purpose' }] } });
    expect(tooLong).toMatchObject({ status: 422, body: { code: 'PERIOD_TOO_LONG', errors: [{ field: 'periodSeconds' }] } });
    expect(noDevice.status).toBeGreaterThanOrEqual(400);
    expect(noDevice.status).toBeLessThan(500);
    expect(noDevice.body.errors?.map((error) => error.field)).toContain('deviceId');
    expect(bought.status).toBe(201);
    const claims = decodeJwt(bought.body.ticket.token);
    expect(claims).toMatchObject({ cnf: { jkt: phone.jkt }, max: 2, res: content.id });
    expect((claims.exp ?? 0) - (claims.nbf ?? 0)).toBe(1_800);
  });
});

describe('redeem', () => {
  it('20 concurrent redeems of a max 1 ticket: exactly one succeeds; of a max 5 ticket: exactly five', async () => {
    // Prepare
    const provider = await scene.provider();
    const holder = await scene.customer();
    const one = await scene.ticket(provider, holder, { maxUses: 1 });
    const five = await scene.ticket(provider, holder, { maxUses: 5 });
    const burst = (ticketId: string) =>
      Promise.all(Array.from({ length: 20 }, () => scene.redeem(provider, ticketId, { nonce: nonce() })));

    // Act
    const [ofOne, ofFive] = await Promise.all([burst(one.id), burst(five.id)]);

    // Assess
    for (const [answers, allowed] of [
      [ofOne, 1],
      [ofFive, 5],
    ] as const) {
      expect(answers.filter((answer) => answer.status === 200)).toHaveLength(allowed);
      const refused = answers.filter((answer) => answer.status !== 200);
      expect(new Set(refused.map((answer) => `${answer.status} ${answer.body.code}`))).toEqual(new Set(['409 TICKET_EXHAUSTED']));
      expect(refused.every((answer) => answer.body.remaining?.uses === 0)).toBe(true);
    }
  });

  it('60 concurrent redeems of a max 50 ticket: exactly 50 succeed, 10 are TICKET_EXHAUSTED, none conflicts; so for seconds', async () => {
    // Prepare
    const provider = await scene.provider();
    const holder = await scene.customer();
    const uses = await scene.ticket(provider, holder, { maxUses: 50 });
    const seconds = await scene.ticket(provider, holder, { maxSeconds: 5_000 });
    const burst = (ticketId: string, body: Record<string, unknown>) =>
      Promise.all(Array.from({ length: 60 }, () => scene.redeem(provider, ticketId, { nonce: nonce(), ...body })));

    // Act: each redeem debits the allowance as it stands, so none waits for another's write
    const ofUses = await burst(uses.id, {});
    const ofSeconds = await burst(seconds.id, { seconds: 100 });
    const afterUses = await scene.redeem(provider, uses.id, { nonce: nonce() });
    const afterSeconds = await scene.redeem(provider, seconds.id, { nonce: nonce(), seconds: 1 });

    // Assess
    for (const answers of [ofUses, ofSeconds]) {
      const outcomes = answers.map((answer) => (answer.status === 200 ? '200' : `${answer.status} ${answer.body.code}`));
      expect(outcomes.filter((outcome) => outcome === '200')).toHaveLength(50);
      expect(outcomes.filter((outcome) => outcome !== '200')).toEqual(Array.from({ length: 10 }, () => '409 TICKET_EXHAUSTED'));
    }
    expect(afterUses).toMatchObject({ status: 409, body: { code: 'TICKET_EXHAUSTED', remaining: { uses: 0 } } });
    expect(afterSeconds).toMatchObject({ status: 409, body: { code: 'TICKET_EXHAUSTED', remaining: { seconds: 0 } } });
  });

  it('a retried nonce gets the same answer and debits nothing more', async () => {
    // Prepare
    const provider = await scene.provider();
    const ticket = await scene.ticket(provider, await scene.customer(), { maxUses: 5 });
    const body = { nonce: nonce(), uses: 2 };

    // Act
    const first = await scene.redeem(provider, ticket.id, body);
    const retries = await Promise.all([1, 2, 3].map(() => scene.redeem(provider, ticket.id, body)));
    const next = await scene.redeem(provider, ticket.id, { nonce: nonce() });
    const changed = await scene.redeem(provider, ticket.id, { ...body, uses: 1 });

    // Assess
    expect(first.status).toBe(200);
    expect(first.body.remaining).toEqual({ uses: 3 });
    conforms(RedeemResponse, first.body);
    for (const retry of retries) expect(retry.body).toEqual(first.body);
    expect(next.body.remaining).toEqual({ uses: 2 });
    expect(changed).toMatchObject({
      status: 422,
      body: {
        code: 'IDEMPOTENCY_KEY_REUSED',
        detail: `Nonce ${body.nonce} already created redemption ${JSON.stringify(first.body.redemptionId)} with another uses; use a new nonce for a different request.`,
        errors: [{ field: 'uses', message: `differs from the request first made with nonce ${body.nonce}` }],
      },
    });
  });

  it('seconds are never over-reserved; a report gives back the rest; an unreported reservation expires and gives its seconds back', async () => {
    // Prepare
    const provider = await scene.provider();
    const ticket = await scene.ticket(provider, await scene.customer(), { maxSeconds: 1_000 });

    // Act: 20 concurrent reservations of 300 s out of 1,000
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => scene.redeem(provider, ticket.id, { nonce: nonce(), seconds: 300 })),
    );
    const reserved = answers.filter((answer) => answer.status === 200).map((answer) => answer.body);
    const [reported, unreported] = reserved;
    const report = await api.call<{ status: string; releasedSeconds: number; remaining: { seconds: number } }>(
      'POST',
      `/v1/tickets/${ticket.id}/usage`,
      { token: provider.token, body: { redemptionId: reported?.redemptionId, usedSeconds: 120 } },
    );
    // The scheduled sweep, run with a clock past the reservations' expiry (KIPPU_USAGE_RESERVATION_SECONDS).
    const expiresAtMs = Date.parse(unreported?.reservation?.expiresAt ?? '');
    const sweep = makeUsageExpire({
      ...baseDeps(process.env),
      logger: silentLogger,
      metrics: noMetrics,
      allowances: { ...allowanceDeps(process.env), clock: { now: () => expiresAtMs + 600_000 } },
    });
    const summary = await sweep();
    const late = await api.call<Problem>('POST', `/v1/tickets/${ticket.id}/usage`, {
      token: provider.token,
      body: { redemptionId: unreported?.redemptionId, usedSeconds: 10 },
    });
    const afterwards = await scene.redeem(provider, ticket.id, { nonce: nonce(), seconds: 1 });

    // Assess
    expect(reserved).toHaveLength(3);
    expect(answers.filter((answer) => answer.status === 409).every((answer) => answer.body.code === 'TICKET_EXHAUSTED')).toBe(
      true,
    );
    // The three reservations left 700, 400 and 100 s in some order; each answers what it read
    // less its seconds, at least what its own reservation left.
    const left = [100, 400, 700];
    const ascending = reserved.map((answer) => answer.remaining.seconds ?? -1).sort((a, b) => a - b);
    expect(ascending.every((seconds, index) => left.includes(seconds) && seconds >= (left[index] ?? 0))).toBe(true);
    expect(report.body).toMatchObject({ status: 'settled', releasedSeconds: 180, remaining: { seconds: 280 } });
    conforms(UsageReportResponse, report.body);
    for (const answer of reserved) conforms(RedeemResponse, answer);
    expect(summary.expired).toBeGreaterThanOrEqual(2);
    expect(late).toMatchObject({ status: 409, body: { code: 'USAGE_RESERVATION_EXPIRED' } });
    // 1,000 − the 120 s reported; every unreported reservation gave its seconds back.
    expect(afterwards.body.remaining).toEqual({ seconds: 879 });
  });

  it('reserves no more seconds than are left in the ticket window (probe AR): a use cannot run past exp', async () => {
    // Prepare: a seconds ticket valid 30 s
    const provider = await scene.provider();
    const ticket = await scene.ticket(provider, await scene.customer(), { maxSeconds: 1_000, validitySeconds: 30 });

    // Act
    const redeemed = await scene.redeem(provider, ticket.id, { nonce: nonce(), seconds: 300 });

    // Assess: at most the 30 s of the window, and the allowance debited by that, not by 300
    expect(redeemed.status).toBe(200);
    conforms(RedeemResponse, redeemed.body);
    const reservedSeconds = redeemed.body.reservation?.seconds ?? 0;
    expect(reservedSeconds).toBeGreaterThan(0);
    expect(reservedSeconds).toBeLessThanOrEqual(30);
    expect(redeemed.body.remaining).toEqual({ seconds: 1_000 - reservedSeconds });
  });

  it('refuses a ticket before its window (TICKET_NOT_YET_VALID) and changes nothing', async () => {
    // Prepare
    const provider = await scene.provider();
    const notBefore = new Date(Date.now() + 3_600_000).toISOString();
    const ticket = await scene.ticket(provider, await scene.customer(), { maxUses: 1, notBefore });

    // Act
    const early = await scene.redeem(provider, ticket.id, { nonce: nonce() });
    const byAnother = await scene.redeem(await scene.provider(), ticket.id, { nonce: nonce() });

    // Assess
    expect(early).toMatchObject({ status: 409, body: { code: 'TICKET_NOT_YET_VALID' } });
    expect(byAnother).toMatchObject({ status: 404, body: { code: 'TICKET_NOT_FOUND' } });
  });

  it('a one-time password works for one connection; the second connection with it is refused; a replay leaves it out', async () => {
    // Prepare
    const provider = await scene.provider();
    const holder = await scene.customer();
    const ticket = await scene.ticket(provider, holder, { maxUses: 5, otp: true });
    const askOtp = (key: string) =>
      api.call<{ password: string; expiresAt: string }>('POST', `/v1/tickets/${ticket.id}/otp`, {
        token: holder.token,
        headers: { 'idempotency-key': key },
      });
    const key = uniqueId('otp');
    const otp = await askOtp(key);

    // Act
    const replayed = await askOtp(key);
    const first = await scene.redeem(provider, ticket.id, { nonce: nonce(), password: otp.body.password });
    const second = await scene.redeem(provider, ticket.id, { nonce: nonce(), password: otp.body.password });
    const without = await scene.redeem(provider, ticket.id, { nonce: nonce() });
    const byProvider = await api.call<Problem>('POST', `/v1/tickets/${ticket.id}/otp`, { token: provider.token });

    // Assess
    expect(otp.status).toBe(201);
    conforms(OtpResponse, otp.body);
    expect(otp.body.password).toEqual(expect.any(String));
    // kippu keeps only the hash: the replay answers without the password.
    expect(replayed).toMatchObject({ status: 201, body: { expiresAt: otp.body.expiresAt } });
    expect(replayed.body).not.toHaveProperty('password');
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(first).toMatchObject({ status: 200, body: { remaining: { uses: 4 } } });
    expect(second).toMatchObject({ status: 403, body: { code: 'OTP_INVALID' } });
    expect(without).toMatchObject({ status: 403, body: { code: 'OTP_INVALID' } });
    expect(byProvider.status).toBe(403);
  });

  it('a bound ticket without, or with a wrong, device proof is refused; with the right proof it answers a JWE only that device opens', async () => {
    // Prepare
    const { provider, contentKey, phone, tablet, ticket } = await boundScene();
    const attempt = nonce();

    // Act
    const without = await scene.redeem(provider, ticket.id, { nonce: attempt });
    const otherKey = await scene.redeem(provider, ticket.id, {
      nonce: attempt,
      proof: await deviceProof(tablet.keys, { nonce: attempt, tkt: ticket.id }),
    });
    const otherNonce = await scene.redeem(provider, ticket.id, {
      nonce: attempt,
      proof: await deviceProof(phone.keys, { nonce: 'another', tkt: ticket.id }),
    });
    const stale = await scene.redeem(provider, ticket.id, {
      nonce: attempt,
      proof: await deviceProof(phone.keys, { nonce: attempt, tkt: ticket.id, iat: Math.floor(Date.now() / 1000) - 600 }),
    });
    const accepted = await scene.redeem(provider, ticket.id, {
      nonce: attempt,
      proof: await deviceProof(phone.keys, { nonce: attempt, tkt: ticket.id }),
    });
    const jwe = accepted.body.contentKey ?? '';
    const opened = await compactDecrypt(jwe, await importJWK(await exportJWK(phone.keys.privateKey), 'ECDH-ES'));
    // Each refused decryption is awaited where it starts, so no rejection is left unhandled meanwhile.
    const refusal = (decrypting: Promise<unknown>) =>
      decrypting.then(
        () => undefined,
        (error: unknown) => error,
      );
    const byTablet = await refusal(compactDecrypt(jwe, await importJWK(await exportJWK(tablet.keys.privateKey), 'ECDH-ES')));
    const byStranger = await refusal(compactDecrypt(jwe, (await generateKeyPair('ECDH-ES', { crv: 'P-256' })).privateKey));

    // Assess
    for (const refused of [without, otherKey, otherNonce, stale]) {
      expect(refused).toMatchObject({ status: 403, body: { code: 'DEVICE_PROOF_INVALID' } });
    }
    expect(stale.body.detail).toMatch(
      new RegExp(
        `^The device proof is refused: its iat is [\\d.]+ s old, and it must be at most ${DEVICE_PROOF_FRESHNESS.ageSecondsMax} s old and at most ${DEVICE_PROOF_FRESHNESS.clockSkewSeconds} s in the future; `,
      ),
    );
    expect(accepted).toMatchObject({ status: 200, body: { remaining: { uses: 2 } } });
    conforms(RedeemResponse, accepted.body);
    expect(Buffer.from(opened.plaintext)).toEqual(contentKey);
    expect(byTablet).toBeInstanceOf(Error);
    expect(byStranger).toBeInstanceOf(Error);
  });
});

describe('grants and transfers', () => {
  it('a grant larger than the remainder is 409; after a valid grant, grantor + grantee = what the grantor had', async () => {
    // Prepare
    const provider = await scene.provider();
    const holder = await scene.customer();
    const grantee = await scene.customer();
    const ticket = await scene.ticket(provider, holder, { maxUses: 5 });
    await scene.redeem(provider, ticket.id, { nonce: nonce() });
    const grant = (uses: number, key = uniqueId('grant')) =>
      api.call<{ ticket: { id: string; token: string } } & Problem>('POST', `/v1/tickets/${ticket.id}/grants`, {
        token: holder.token,
        headers: { 'idempotency-key': key },
        body: { granteeId: grantee.id, uses },
      });

    // Act
    const tooLarge = await grant(5);
    const key = uniqueId('grant');
    const granted = await grant(3, key);
    const retried = await grant(3, key);
    const grantorLeft = await scene.redeem(provider, ticket.id, { nonce: nonce() });
    const granteeLeft = await scene.redeem(provider, granted.body.ticket.id, { nonce: nonce() });

    // Assess
    expect(tooLarge).toMatchObject({ status: 409, body: { code: 'GRANT_EXCEEDS_ALLOWANCE', remaining: { uses: 4 } } });
    expect(granted.status).toBe(201);
    conforms(IssuedTicketResponse, granted.body);
    expect(retried.body).toEqual(granted.body);
    expect(decodeJwt(granted.body.ticket.token)).toMatchObject({ max: 3, aud: provider.id });
    // 4 held before the grant = 1 + 3; each side then used one.
    expect(grantorLeft.body.remaining).toEqual({ uses: 0 });
    expect(granteeLeft.body.remaining).toEqual({ uses: 2 });
  });

  it('a grant that names seconds of a ticket counting only uses is 422 naming both uses and seconds, as a redeem names them', async () => {
    // Prepare
    const provider = await scene.provider();
    const holder = await scene.customer();
    const grantee = await scene.customer();
    const ticket = await scene.ticket(provider, holder, { maxUses: 5 });

    // Act
    const refused = await api.call<Problem>('POST', `/v1/tickets/${ticket.id}/grants`, {
      token: holder.token,
      headers: { 'idempotency-key': uniqueId('grant') },
      body: { granteeId: grantee.id, seconds: 5 },
    });

    // Assess
    expect(refused).toMatchObject({
      status: 422,
      body: {
        code: 'VALIDATION_FAILED',
        errors: [
          { field: 'uses', message: 'the ticket counts it: say how much to grant' },
          { field: 'seconds', message: 'the ticket counts no seconds' },
        ],
      },
    });
  });

  it('a grant of a ticket good for its window alone is 409 TICKET_NOT_DIVISIBLE, stored under its key', async () => {
    // Prepare
    const provider = await scene.provider();
    const holder = await scene.customer();
    const grantee = await scene.customer();
    const ticket = await scene.ticket(provider, holder, {});
    const grant = () =>
      api.call<Problem>('POST', `/v1/tickets/${ticket.id}/grants`, {
        token: holder.token,
        headers: { 'idempotency-key': 'window-alone' },
        body: { granteeId: grantee.id },
      });

    // Act
    const refused = await grant();
    const replayed = await grant();

    // Assess
    expect(refused).toMatchObject({ status: 409, body: { code: 'TICKET_NOT_DIVISIBLE' } });
    expect(refused.body).not.toHaveProperty('errors');
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
  });

  it('a transfer along a pair that was not registered is 403; along a registered pair the old ticket is on the signed revocation list and fails offline verification with it', async () => {
    // Prepare
    const { provider, buyer, phone, tablet, ticket } = await boundScene();
    const transfer = (toDeviceId: string) =>
      api.call<{ ticket: { id: string; token: string } } & Problem>('POST', `/v1/tickets/${ticket.id}/transfer`, {
        token: buyer.token,
        body: { toDeviceId },
      });

    // Act
    const unpaired = await transfer(tablet.id);
    await created(
      api.call('POST', '/v1/device-pairs', { token: buyer.token, body: { fromDeviceId: phone.id, toDeviceId: tablet.id } }),
    );
    const moved = await transfer(tablet.id);
    const oldRedeem = await scene.redeem(provider, ticket.id, {
      nonce: 'after-move',
      proof: await deviceProof(phone.keys, { nonce: 'after-move', tkt: ticket.id }),
    });
    const list = await api.call<{ token: string }>('GET', `/v1/providers/${provider.id}/revocations?since=0`, {
      token: provider.token,
    });
    const offline = [
      '--jwks',
      `${api.url}/.well-known/jwks.json`,
      '--iss',
      process.env.KIPPU_ISSUER ?? '',
      '--aud',
      provider.id,
      '--revocations',
      `${api.url}/v1/providers/${provider.id}/revocations`,
      '--token',
      provider.token,
    ];
    const [oldVerdict, newVerdict] = await Promise.all([
      npxKippu(['verify', ticket.token, ...offline]),
      npxKippu(['verify', moved.body.ticket.token, ...offline]),
    ]);

    // Assess
    expect(unpaired).toMatchObject({ status: 403, body: { code: 'TRANSFER_NOT_ALLOWED' } });
    expect(moved.status).toBe(201);
    expect(decodeJwt(moved.body.ticket.token)).toMatchObject({ cnf: { jkt: tablet.jkt }, max: 3 });
    expect(oldRedeem).toMatchObject({ status: 409, body: { code: 'TICKET_REVOKED' } });
    expect(decodeJwt(list.body.token)['revoked']).toEqual(expect.arrayContaining([expect.objectContaining({ jti: ticket.id })]));
    expect(oldVerdict.code).toBe(1);
    expect(oldVerdict.stderr).toMatch(new RegExp(`^rejected: REVOKED: Ticket ${ticket.id} is on the revocation list`));
    expect(newVerdict.code).toBe(0);
  });
});

describe('fixed passwords (SPEC S1) and what is left on a ticket (SPEC S5)', () => {
  type TicketView = {
    fixedPassword?: boolean;
    status: string;
    remaining?: { uses?: number; seconds?: number; reservedSeconds?: number };
  };
  const read = (reader: { token: string }, ticketId: string) =>
    api.call<TicketView & Problem>('GET', `/v1/tickets/${ticketId}`, { token: reader.token });
  const askPassword = (holder: { token: string }, ticketId: string, key = uniqueId('pwd')) =>
    api.call<{ password?: string; expiresAt: string } & Problem>('POST', `/v1/tickets/${ticketId}/password`, {
      token: holder.token,
      headers: { 'idempotency-key': key },
    });

  it('an offer with a fixed password sells tickets whose holder sets one password for every connection; a new one replaces it; a grant has none of its own until asked', async () => {
    // Prepare
    const provider = await scene.provider();
    const both = await api.call<Problem>('POST', '/v1/offers', {
      token: provider.token,
      body: {
        providerId: provider.id,
        resource: 'server-1/stream-7',
        priceMinor: 500,
        currency: 'JPY',
        validitySeconds: 3_600,
        capabilities: ['view'],
        otp: true,
        fixedPassword: true,
      },
    });
    const offer = await newOffer(provider, { resource: 'server-1/stream-7', maxUses: 5, fixedPassword: true });
    const buyer = await scene.customer(5_000);
    const grantee = await scene.customer();
    const purchase = await buy(buyer, { offerId: offer.id });
    const ticketId = purchase.body.ticket.id;

    // Act
    const key = uniqueId('pwd');
    const first = await askPassword(buyer, ticketId, key);
    const replayed = await askPassword(buyer, ticketId, key);
    const without = await scene.redeem(provider, ticketId, { nonce: nonce() });
    const wrong = await scene.redeem(provider, ticketId, { nonce: nonce(), password: 'not-the-password' });
    const once = await scene.redeem(provider, ticketId, { nonce: nonce(), password: first.body.password });
    const twice = await scene.redeem(provider, ticketId, { nonce: nonce(), password: first.body.password });
    const second = await askPassword(buyer, ticketId);
    const withOld = await scene.redeem(provider, ticketId, { nonce: nonce(), password: first.body.password });
    const withNew = await scene.redeem(provider, ticketId, { nonce: nonce(), password: second.body.password });
    const granted = await api.call<{ ticket: { id: string; token: string } }>('POST', `/v1/tickets/${ticketId}/grants`, {
      token: buyer.token,
      headers: { 'idempotency-key': uniqueId('grant') },
      body: { granteeId: grantee.id, uses: 1 },
    });
    const grantWithGrantors = await scene.redeem(provider, granted.body.ticket.id, {
      nonce: nonce(),
      password: second.body.password,
    });
    const grantees = await askPassword(grantee, granted.body.ticket.id);
    const grantWithOwn = await scene.redeem(provider, granted.body.ticket.id, {
      nonce: nonce(),
      password: grantees.body.password,
    });
    const notRequired = await askPassword(buyer, (await scene.ticket(provider, buyer, { maxUses: 1, otp: true })).id);
    const byProvider = await askPassword(provider, ticketId);
    const view = await read(buyer, ticketId);

    // Assess
    expect(both).toMatchObject({ status: 422, body: { code: 'VALIDATION_FAILED', errors: [{ field: 'fixedPassword' }] } });
    conforms(OfferResponse, offer);
    expect(offer).toMatchObject({ fixedPassword: true });
    expect(decodeJwt(purchase.body.ticket.token)).toMatchObject({ pwd: true, max: 5 });
    expect(first.status).toBe(201);
    conforms(FixedPasswordResponse, first.body);
    expect(first.body.password).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // kippu keeps only the hash: the replay answers without the password.
    expect(replayed).toMatchObject({ status: 201, body: { expiresAt: first.body.expiresAt } });
    expect(replayed.body).not.toHaveProperty('password');
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(without).toMatchObject({ status: 403, body: { code: 'OTP_INVALID' } });
    expect(wrong).toMatchObject({ status: 403, body: { code: 'OTP_INVALID' } });
    expect(once).toMatchObject({ status: 200, body: { remaining: { uses: 4 } } });
    expect(twice).toMatchObject({ status: 200, body: { remaining: { uses: 3 } } });
    expect(second.body.password).not.toBe(first.body.password);
    expect(withOld).toMatchObject({ status: 403, body: { code: 'OTP_INVALID' } });
    expect(withNew).toMatchObject({ status: 200, body: { remaining: { uses: 2 } } });
    expect(decodeJwt(granted.body.ticket.token)).toMatchObject({ pwd: true, max: 1 });
    expect(grantWithGrantors).toMatchObject({ status: 403, body: { code: 'OTP_INVALID' } });
    expect(grantWithOwn).toMatchObject({ status: 200, body: { remaining: { uses: 0 } } });
    expect(notRequired).toMatchObject({ status: 409, body: { code: 'FIXED_PASSWORD_NOT_REQUIRED' } });
    expect(byProvider.status).toBe(403);
    conforms(TicketResponse, view.body);
    expect(view.body).toMatchObject({ fixedPassword: true, remaining: { uses: 1 } });
  });

  it('a nonce retried with the ticket’s new current password is 422 IDEMPOTENCY_KEY_REUSED naming password; with the first password it replays', async () => {
    // Prepare
    const provider = await scene.provider();
    const holder = await scene.customer();
    const ticket = await scene.ticket(provider, holder, { maxUses: 5, fixedPassword: true });
    const first = await askPassword(holder, ticket.id);
    const body = { nonce: nonce(), password: first.body.password };
    const redeemed = await scene.redeem(provider, ticket.id, body);
    const current = await askPassword(holder, ticket.id);

    // Act
    const withCurrent = await scene.redeem(provider, ticket.id, { ...body, password: current.body.password });
    const withFirst = await scene.redeem(provider, ticket.id, body);

    // Assess
    expect(redeemed).toMatchObject({ status: 200, body: { remaining: { uses: 4 } } });
    expect(withCurrent).toMatchObject({
      status: 422,
      body: {
        code: 'IDEMPOTENCY_KEY_REUSED',
        detail: `Nonce ${body.nonce} already created redemption ${JSON.stringify(redeemed.body.redemptionId)} with another password; use a new nonce for a different request.`,
        errors: [{ field: 'password', message: `differs from the request first made with nonce ${body.nonce}` }],
      },
    });
    expect(withFirst).toMatchObject({ status: 200, body: redeemed.body });
    expect((await read(holder, ticket.id)).body).toMatchObject({ remaining: { uses: 4 } });
  });

  it('the holder and the provider read what is left after a redeem, a usage report and a grant', async () => {
    // Prepare
    const provider = await scene.provider();
    const holder = await scene.customer();
    const grantee = await scene.customer();
    const ticket = await scene.ticket(provider, holder, { maxSeconds: 500 });
    const windowOnly = await scene.ticket(provider, holder, {});
    const both = (ticketId: string) => Promise.all([read(holder, ticketId), read(provider, ticketId)]);

    // Act
    const fresh = await read(holder, ticket.id);
    const redeemed = await scene.redeem(provider, ticket.id, { nonce: nonce(), seconds: 300 });
    const afterRedeem = await both(ticket.id);
    await created(
      api.call('POST', `/v1/tickets/${ticket.id}/usage`, {
        token: provider.token,
        body: { redemptionId: redeemed.body.redemptionId, usedSeconds: 100 },
      }),
    );
    const afterReport = await both(ticket.id);
    const granted = await api.call<{ ticket: { id: string } }>('POST', `/v1/tickets/${ticket.id}/grants`, {
      token: holder.token,
      headers: { 'idempotency-key': uniqueId('grant') },
      body: { granteeId: grantee.id, seconds: 150 },
    });
    const afterGrant = await read(holder, ticket.id);
    const granteeView = await read(grantee, granted.body.ticket.id);
    const plain = await read(holder, windowOnly.id);

    // Assess
    expect(fresh.body.remaining).toEqual({ seconds: 500, reservedSeconds: 0 });
    for (const view of [...afterRedeem, ...afterReport, afterGrant, granteeView, plain]) conforms(TicketResponse, view.body);
    expect(afterRedeem.map((view) => view.body.remaining)).toEqual([
      { seconds: 200, reservedSeconds: 300 },
      { seconds: 200, reservedSeconds: 300 },
    ]);
    expect(afterReport.map((view) => view.body.remaining)).toEqual([
      { seconds: 400, reservedSeconds: 0 },
      { seconds: 400, reservedSeconds: 0 },
    ]);
    expect(afterGrant.body.remaining).toEqual({ seconds: 250, reservedSeconds: 0 });
    expect(granteeView.body.remaining).toEqual({ seconds: 150, reservedSeconds: 0 });
    expect(plain.body).not.toHaveProperty('remaining');
  });

  it('after a transfer the new ticket holds what was left and the old one nothing', async () => {
    // Prepare
    const { provider, buyer, phone, tablet, ticket } = await boundScene();
    await scene.redeem(provider, ticket.id, {
      nonce: 'before-move',
      proof: await deviceProof(phone.keys, { nonce: 'before-move', tkt: ticket.id }),
    });
    await created(
      api.call('POST', '/v1/device-pairs', { token: buyer.token, body: { fromDeviceId: phone.id, toDeviceId: tablet.id } }),
    );

    // Act
    const moved = await created(
      api.call<{ ticket: { id: string } }>('POST', `/v1/tickets/${ticket.id}/transfer`, {
        token: buyer.token,
        body: { toDeviceId: tablet.id },
      }),
    );
    const [oldView, newView] = await Promise.all([read(buyer, ticket.id), read(provider, moved.ticket.id)]);

    // Assess
    expect(oldView.body).toMatchObject({ status: 'revoked', remaining: { uses: 0 } });
    expect(newView.body.remaining).toEqual({ uses: 2 });
  });
});

describe('a refund ends every right bought with its money', () => {
  const issued = (answer: { status: number; text: string; body: { ticket: { id: string } } }) => {
    if (answer.status !== 201) throw new Error(`expected 201, got ${answer.status}: ${answer.text}`);
    return answer.body.ticket.id;
  };
  const listed = async (provider: Provider) => {
    const list = await api.call<{ items: { ticketId: string }[] }>('GET', `/v1/providers/${provider.id}/revocations?since=0`, {
      token: provider.token,
    });
    return list.body.items.map((item) => item.ticketId);
  };

  it('revokes and lists, once, the ticket, its grants, its transfer and the transfer of a grant; a retried refund changes nothing', async () => {
    // Prepare: a bound ticket (3 uses); one use granted to a customer whose ticket then moves; the ticket moves too
    const { provider, buyer, phone, tablet, ticket, purchaseId } = await boundScene();
    const grantee = await scene.customer();
    const [granteePhone, granteeTablet] = [await scene.device(grantee, 'phone'), await scene.device(grantee, 'tablet')];
    const pair = (holder: { token: string }, from: Device, to: Device) =>
      created(api.call('POST', '/v1/device-pairs', { token: holder.token, body: { fromDeviceId: from.id, toDeviceId: to.id } }));
    await pair(buyer, phone, tablet);
    await pair(grantee, granteePhone, granteeTablet);
    const share = (holder: { token: string }, path: string, body: Record<string, unknown>) =>
      api.call<{ ticket: { id: string } }>('POST', path, {
        token: holder.token,
        headers: { 'idempotency-key': uniqueId('share') },
        body,
      });
    const granted = issued(
      await share(buyer, `/v1/tickets/${ticket.id}/grants`, { granteeId: grantee.id, uses: 1, granteeDeviceId: granteePhone.id }),
    );
    const grantMoved = issued(await share(grantee, `/v1/tickets/${granted}/transfer`, { toDeviceId: granteeTablet.id }));
    const moved = issued(await share(buyer, `/v1/tickets/${ticket.id}/transfer`, { toDeviceId: tablet.id }));
    const refund = () => api.call<{ status: string }>('POST', `/v1/purchases/${purchaseId}/refund`, { token: provider.token });

    // Act
    const first = await refund();
    const listedOnce = await listed(provider);
    const again = await refund();
    const redeems = await Promise.all(
      [
        [moved, tablet],
        [grantMoved, granteeTablet],
      ].map(async ([id, device]) => {
        const attempt = nonce();
        return scene.redeem(provider, id as string, {
          nonce: attempt,
          proof: await deviceProof((device as Device).keys, { nonce: attempt, tkt: id as string }),
        });
      }),
    );
    const reads = await Promise.all(
      [
        [moved, buyer],
        [grantMoved, grantee],
      ].map(([id, holder]) =>
        api.call<{ status: string }>('GET', `/v1/tickets/${id as string}`, { token: (holder as { token: string }).token }),
      ),
    );

    // Assess
    expect([first.status, first.body.status, again.status, again.body.status]).toEqual([200, 'refunded', 200, 'refunded']);
    expect([...listedOnce].sort()).toEqual([ticket.id, granted, grantMoved, moved].sort());
    expect(await listed(provider)).toEqual(listedOnce);
    for (const answer of redeems) expect(answer).toMatchObject({ status: 409, body: { code: 'TICKET_REVOKED' } });
    for (const answer of reads) expect(answer).toMatchObject({ status: 200, body: { status: 'revoked' } });
  });

  it('a grant racing the refund either is refused or ends with it', async () => {
    // Prepare
    const { provider, buyer, ticket, purchaseId } = await boundScene();
    const grantee = await scene.customer();
    const granteePhone = await scene.device(grantee, 'phone');
    const grant = () =>
      api.call<{ ticket: { id: string } } & Problem>('POST', `/v1/tickets/${ticket.id}/grants`, {
        token: buyer.token,
        headers: { 'idempotency-key': uniqueId('grant') },
        body: { granteeId: grantee.id, uses: 1, granteeDeviceId: granteePhone.id },
      });

    // Act
    const [refund, ...grants] = await Promise.all([
      api.call<{ status: string }>('POST', `/v1/purchases/${purchaseId}/refund`, { token: provider.token }),
      grant(),
      grant(),
      grant(),
    ]);
    const survivors = grants.filter((answer) => answer.status === 201).map((answer) => answer.body.ticket.id);
    const states = await Promise.all(
      survivors.map((id) => api.call<{ status: string }>('GET', `/v1/tickets/${id}`, { token: grantee.token })),
    );

    // Assess
    expect(refund.status).toBe(200);
    for (const answer of grants.filter((one) => one.status !== 201)) expect(answer.body.code).toBe('TICKET_REVOKED');
    expect(states.map((state) => state.body.status)).toEqual(survivors.map(() => 'revoked'));
    expect(await listed(provider)).toEqual(expect.arrayContaining([ticket.id, ...survivors]));
  });
});

describe('the usage log', () => {
  it("answers per content to the content's provider and per customer to the customer, and refuses other parties", async () => {
    // Prepare
    const { provider, content, buyer, phone, ticket } = await boundScene();
    const attempt = nonce();
    await scene.redeem(provider, ticket.id, {
      nonce: attempt,
      proof: await deviceProof(phone.keys, { nonce: attempt, tkt: ticket.id }),
    });
    const stranger = await scene.provider();
    const log = (token: string, path: string) => api.call<{ items: Record<string, unknown>[] } & Problem>('GET', path, { token });

    // Act
    const byProvider = await log(provider.token, `/v1/usage?contentId=${content.id}`);
    const byCustomer = await log(buyer.token, '/v1/me/usage');
    const byStranger = await log(stranger.token, `/v1/usage?contentId=${content.id}`);
    const customerAsProvider = await log(buyer.token, `/v1/usage?contentId=${content.id}`);
    const badCursor = await log(buyer.token, '/v1/me/usage?cursor=bm90LWEtY3Vyc29y');

    // Assess
    expect(byProvider.status).toBe(200);
    expect(byProvider.body.items).toEqual([
      expect.objectContaining({
        kind: 'redeem',
        ticketId: ticket.id,
        contentId: content.id,
        uses: 1,
        subject: expect.any(String),
      }),
    ]);
    expect(byProvider.body.items[0]).not.toHaveProperty('holderId');
    conforms(UsageListResponse, byProvider.body);
    conforms(UsageListResponse, byCustomer.body);
    expect(byCustomer.body.items).toEqual([expect.objectContaining({ kind: 'redeem', ticketId: ticket.id, holderId: buyer.id })]);
    expect(byStranger).toMatchObject({ status: 404, body: { code: 'CONTENT_NOT_FOUND' } });
    expect(customerAsProvider).toMatchObject({ status: 404, body: { code: 'CONTENT_NOT_FOUND' } });
    expect(badCursor).toMatchObject({ status: 400, body: { code: 'INVALID_CURSOR' } });
  });

  it("answers an operator per user (customerId) as the customer's own log, paged; a provider never gets a customer's log", async () => {
    // Prepare
    const { provider, content, buyer, phone, ticket } = await boundScene();
    for (const attempt of [nonce(), nonce()]) {
      await scene.redeem(provider, ticket.id, {
        nonce: attempt,
        proof: await deviceProof(phone.keys, { nonce: attempt, tkt: ticket.id }),
      });
    }
    const operator = await api.tokenFor('operator', 'op-usage-log');
    const log = (token: string, path: string) =>
      api.call<{ items: Record<string, unknown>[]; nextCursor?: string } & Problem>('GET', path, { token });

    // Act
    const own = await log(buyer.token, '/v1/me/usage');
    const byOperator = await log(operator, `/v1/usage?customerId=${buyer.id}`);
    const first = await log(operator, `/v1/usage?customerId=${buyer.id}&limit=1`);
    const second = await log(operator, `/v1/usage?customerId=${buyer.id}&limit=1&cursor=${first.body.nextCursor ?? ''}`);
    const itself = await log(buyer.token, `/v1/usage?customerId=${buyer.id}`);
    const byProvider = await log(provider.token, `/v1/usage?customerId=${buyer.id}`);
    const unknown = await log(operator, '/v1/usage?customerId=cus_nobody');
    const neither = await log(operator, '/v1/usage');
    const both = await log(operator, `/v1/usage?customerId=${buyer.id}&contentId=${content.id}`);
    const cursorOfAnother = await log(operator, `/v1/usage?customerId=cus_nobody&cursor=${first.body.nextCursor ?? ''}`);
    const strangerByCustomer = await log(buyer.token, '/v1/usage?customerId=zz.');
    const strangerByProvider = await log(provider.token, '/v1/usage?customerId=zz.');

    // Assess
    expect(byOperator.status).toBe(200);
    conforms(UsageListResponse, byOperator.body);
    expect(byOperator.body).toEqual(own.body);
    expect(byOperator.body.items).toHaveLength(2);
    expect(byOperator.body.items.every((event) => event.holderId === buyer.id && !('subject' in event))).toBe(true);
    expect([...first.body.items, ...second.body.items]).toEqual(byOperator.body.items);
    expect(itself.body).toEqual(own.body);
    expect(byProvider).toMatchObject({ status: 404, body: { code: 'CUSTOMER_NOT_FOUND' } });
    expect(JSON.stringify(byProvider.body)).not.toContain('holderId');
    expect(unknown).toMatchObject({ status: 404, body: { code: 'CUSTOMER_NOT_FOUND', errors: [{ field: 'customerId' }] } });
    for (const answer of [neither, both]) {
      expect(answer).toMatchObject({
        status: 422,
        body: { code: 'VALIDATION_FAILED', errors: [{ field: 'contentId' }, { field: 'customerId' }] },
      });
    }
    expect(cursorOfAnother).toMatchObject({ status: 400, body: { code: 'INVALID_CURSOR' } });
    // A customer naming another id gets the answer every other role gets: the id quoted, the field named.
    for (const answer of [strangerByCustomer, strangerByProvider]) {
      expect(answer).toMatchObject({
        status: 404,
        body: {
          code: 'CUSTOMER_NOT_FOUND',
          detail: 'No customer "zz." is visible to you.',
          errors: [{ field: 'customerId', message: 'is not a customer whose usage log you may read' }],
        },
      });
    }
  });
});

describe('draining the redeem intake', () => {
  it('new redeems, grants and transfers get 503 with Retry-After uncounted, work in flight completes, the count reaches zero, reopening restores service', async () => {
    // Prepare
    const provider = await scene.provider();
    const holder = await scene.customer();
    const uses = await scene.ticket(provider, holder, { maxUses: 50 });
    const seconds = await scene.ticket(provider, holder, { maxSeconds: 600 });
    const reservation = await scene.redeem(provider, seconds.id, { nonce: nonce(), seconds: 200 });
    const grantee = await scene.customer();
    const intake = (method: string, body?: unknown) =>
      api.call<{ redeem: string; inFlight: number; changed?: boolean; changedAt?: string }>(method, '/v1/admin/intake', {
        token: operator,
        ...(body === undefined ? {} : { body }),
      });

    try {
      // Act: redeems racing the switch; then new ones, and a usage report, while it drains
      const racing = Promise.all(Array.from({ length: 10 }, () => scene.redeem(provider, uses.id, { nonce: nonce() })));
      const drained = await intake('PUT', { redeem: 'draining' });
      const raced = await racing;
      const refused = await scene.redeem(provider, uses.id, { nonce: nonce() });
      const report = await api.call('POST', `/v1/tickets/${seconds.id}/usage`, {
        token: provider.token,
        body: { redemptionId: reservation.body.redemptionId, usedSeconds: 50 },
      });
      const whileDraining = await intake('GET');
      // Refused redeems racing the operator's reads are never counted in flight; grants and transfers are refused too
      const refusedStorm = await Promise.all(
        Array.from({ length: 8 }, () => scene.redeem(provider, uses.id, { nonce: nonce() })),
      );
      const duringStorm = await Promise.all([
        intake('GET'),
        ...Array.from({ length: 8 }, () => scene.redeem(provider, uses.id, { nonce: nonce() })),
      ]);
      const grant = await api.call('POST', `/v1/tickets/${uses.id}/grants`, {
        token: holder.token,
        headers: { 'idempotency-key': uniqueId('grant') },
        body: { granteeId: grantee.id, uses: 1 },
      });
      const transfer = await api.call('POST', `/v1/tickets/${uses.id}/transfer`, {
        token: holder.token,
        body: { toDeviceId: 'dev_unknown' },
      });
      const drainedAgain = await intake('PUT', { redeem: 'draining' });
      const reopened = await intake('PUT', { redeem: 'open' });
      const after = await scene.redeem(provider, uses.id, { nonce: nonce() });

      // Assess
      expect(drained.body.redeem).toBe('draining');
      conforms(IntakeResponse, whileDraining.body);
      const admitted = raced.filter((answer) => answer.status === 200).length;
      expect(
        raced.every((answer) => answer.status === 200 || (answer.status === 503 && answer.body.code === 'INTAKE_DRAINING')),
      ).toBe(true);
      expect(refused).toMatchObject({ status: 503, body: { code: 'INTAKE_DRAINING' } });
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(report.status).toBe(200);
      expect(whileDraining.body).toEqual(expect.objectContaining({ redeem: 'draining', inFlight: 0 }));
      expect([...refusedStorm, ...duringStorm.slice(1)].every((answer) => answer.status === 503)).toBe(true);
      expect(duringStorm[0]?.body).toMatchObject({ redeem: 'draining', inFlight: 0 });
      for (const refusedWrite of [grant, transfer]) {
        expect(refusedWrite).toMatchObject({ status: 503, body: { code: 'INTAKE_DRAINING' } });
        expect(refusedWrite.headers.get('retry-after')).toMatch(/^\d+$/);
      }
      expect(drainedAgain.body).toMatchObject({ redeem: 'draining', changed: false, changedAt: drained.body.changedAt });
      expect(reopened.body).toMatchObject({ redeem: 'open', changed: true });
      // Every admitted redeem finished and debited once; the refused ones debited nothing.
      expect(after).toMatchObject({ status: 200, body: { remaining: { uses: 50 - admitted - 1 } } });
    } finally {
      await intake('PUT', { redeem: 'open' });
    }
  });
});
