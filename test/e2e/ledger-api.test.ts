import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, uniqueId, type TestApi } from '../fixtures/api';

/** The operator's ledger API over HTTP, with the field names clients rely on. */
let api: TestApi;
let operator: string;

beforeAll(async () => {
  api = await startTestApi();
  operator = await api.tokenFor('operator', 'op-ledger');
});
afterAll(async () => api.close());

interface Account {
  id: string;
  currency: string;
  flags: { debitsMustNotExceedCredits: boolean; creditsMustNotExceedDebits: boolean };
  balances: Record<
    'debitsPosted' | 'creditsPosted' | 'debitsPending' | 'creditsPending' | 'posted' | 'pending' | 'available',
    number
  >;
  result?: string;
}

const post = <Body = Record<string, unknown>>(path: string, body: unknown) =>
  api.call<Body>('POST', path, { token: operator, body });
const get = <Body = Record<string, unknown>>(path: string) => api.call<Body>('GET', path, { token: operator });

const fundedWallet = async (amountMinor: number) => {
  const source = (await post<Account>('/v1/accounts', { currency: 'JPY' })).body.id;
  const wallet = (await post<Account>('/v1/accounts', { currency: 'JPY', flags: { debitsMustNotExceedCredits: true } })).body.id;
  await post('/v1/transfers', {
    id: uniqueId('fund'),
    debitAccountId: source,
    creditAccountId: wallet,
    amountMinor,
    currency: 'JPY',
  });
  return { source, wallet };
};

describe('ledger API', () => {
  it("refuses to open an account in a party's or the platform's namespace, so a party's currency cannot be squatted", async () => {
    // Act
    const wallet = await post('/v1/accounts', { id: `wallet:${uniqueId('cus')}:SEK`, currency: 'SEK' });
    const revenue = await post('/v1/accounts', {
      id: `revenue:${uniqueId('prv')}:CHF`,
      currency: 'CHF',
      flags: { debitsMustNotExceedCredits: true },
    });

    // Assess
    expect(wallet.status).toBe(422);
    expect(wallet.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'id' }] });
    expect(revenue.status).toBe(422);
    expect(revenue.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'id' }] });
  });

  it('creates an account with flags and answers with its balances; the same id again is exists', async () => {
    // Prepare
    const id = uniqueId('acc');

    // Act
    const created = await post<Account>('/v1/accounts', { id, currency: 'JPY', flags: { debitsMustNotExceedCredits: true } });
    const again = await post<Account>('/v1/accounts', { id, currency: 'JPY', flags: { debitsMustNotExceedCredits: true } });
    const different = await post('/v1/accounts', { id, currency: 'USD', flags: { debitsMustNotExceedCredits: true } });

    // Assess
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id,
      currency: 'JPY',
      flags: { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: false },
      balances: { debitsPosted: 0, creditsPosted: 0, debitsPending: 0, creditsPending: 0, posted: 0, pending: 0, available: 0 },
    });
    expect(again.status).toBe(200);
    expect(again.body.result).toBe('exists');
    expect(different.status).toBe(409);
    expect(different.body).toMatchObject({ code: 'ACCOUNT_EXISTS_WITH_DIFFERENT_FIELDS', errors: [{ field: 'currency' }] });
  });

  it('a transfer moves money; its id is the idempotency key, and a changed field is named', async () => {
    // Prepare
    const { source, wallet } = await fundedWallet(1000);
    const transfer = { id: uniqueId('trf'), debitAccountId: wallet, creditAccountId: source, amountMinor: 300, currency: 'JPY' };

    // Act
    const first = await post('/v1/transfers', transfer);
    const replay = await post('/v1/transfers', transfer);
    const changed = await post('/v1/transfers', { ...transfer, amountMinor: 301 });
    const balance = await get<Account>(`/v1/accounts/${wallet}`);

    // Assess
    expect(first.status).toBe(201);
    expect(replay.status).toBe(200);
    expect(replay.body.result).toBe('exists');
    expect(changed.status).toBe(409);
    expect(changed.body).toMatchObject({ code: 'TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS', errors: [{ field: 'amountMinor' }] });
    expect(balance.body.balances).toMatchObject({ creditsPosted: 1000, debitsPosted: 300, posted: 700, available: 700 });
  });

  it('a wallet cannot go below zero: the limit code, and nothing moves', async () => {
    // Prepare
    const { source, wallet } = await fundedWallet(100);

    // Act
    const answer = await post('/v1/transfers', {
      id: uniqueId('trf'),
      debitAccountId: wallet,
      creditAccountId: source,
      amountMinor: 101,
      currency: 'JPY',
    });
    const balance = await get<Account>(`/v1/accounts/${wallet}`);

    // Assess
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ code: 'EXCEEDS_CREDITS' });
    expect(balance.body.balances.posted).toBe(100);
  });

  it('a linked batch with one failing leg writes nothing and names the leg', async () => {
    // Prepare
    const { source, wallet } = await fundedWallet(100);
    const ok = { id: uniqueId('leg'), debitAccountId: wallet, creditAccountId: source, amountMinor: 50, currency: 'JPY' };
    const failing = { id: uniqueId('leg'), debitAccountId: wallet, creditAccountId: source, amountMinor: 51, currency: 'JPY' };

    // Act
    const answer = await post('/v1/transfers', { transfers: [ok, failing] });
    const firstLeg = await get(`/v1/transfers/${ok.id}`);
    const balance = await get<Account>(`/v1/accounts/${wallet}`);

    // Assess
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ code: 'EXCEEDS_CREDITS', index: 1 });
    expect(firstLeg.status).toBe(404);
    expect(balance.body.balances.posted).toBe(100);
  });

  it('a hold is posted in part and the rest released; posting it again is exists and voiding it then is refused', async () => {
    // Prepare
    const { source, wallet } = await fundedWallet(1000);
    const holdId = uniqueId('hold');
    await post('/v1/transfers', {
      id: holdId,
      debitAccountId: wallet,
      creditAccountId: source,
      amountMinor: 400,
      currency: 'JPY',
      timeoutSeconds: 3600,
    });
    const held = await get<Account>(`/v1/accounts/${wallet}`);

    // Act
    const posted = await post(`/v1/transfers/${holdId}/post`, { amountMinor: 250 });
    const postedAgain = await post(`/v1/transfers/${holdId}/post`, { amountMinor: 250 });
    const voided = await post(`/v1/transfers/${holdId}/void`, {});
    const after = await get<Account>(`/v1/accounts/${wallet}`);

    // Assess
    expect(held.body.balances).toMatchObject({ debitsPending: 400, available: 600 });
    expect(posted.status).toBe(201);
    expect(postedAgain.status).toBe(200);
    expect(voided.status).toBe(409);
    expect(voided.body).toMatchObject({
      code: 'PENDING_TRANSFER_ALREADY_POSTED',
      errors: [{ field: 'id', message: `hold ${JSON.stringify(holdId)} was already posted` }],
    });
    expect(after.body.balances).toMatchObject({ debitsPending: 0, debitsPosted: 250, posted: 750, available: 750 });
  });

  it('a refusal about the hold names it as the path does, id, on post and on void', async () => {
    // Act
    const posted = await post('/v1/transfers/nope/post', {});
    const voided = await post('/v1/transfers/nope/void', {});

    // Assess
    for (const answer of [posted, voided]) {
      expect(answer).toMatchObject({
        status: 404,
        body: { code: 'PENDING_TRANSFER_NOT_FOUND', errors: [{ field: 'id', message: 'hold "nope" does not exist' }] },
      });
    }
  });

  it('history lists entries in time order with running balances, page by page', async () => {
    // Prepare
    const { source, wallet } = await fundedWallet(1000);
    for (const amountMinor of [100, 200, 300]) {
      await post('/v1/transfers', {
        id: uniqueId('trf'),
        debitAccountId: wallet,
        creditAccountId: source,
        amountMinor,
        currency: 'JPY',
      });
    }

    // Act
    const first = await get<{ items: { postedBalanceAfter: number }[]; nextCursor?: string }>(
      `/v1/accounts/${wallet}/entries?limit=2`,
    );
    const second = await get<{ items: { postedBalanceAfter: number }[]; nextCursor?: string }>(
      `/v1/accounts/${wallet}/entries?limit=2&cursor=${encodeURIComponent(first.body.nextCursor ?? '')}`,
    );

    // Assess
    expect(first.body.items.map((entry) => entry.postedBalanceAfter)).toEqual([1000, 900]);
    expect(second.body.items.map((entry) => entry.postedBalanceAfter)).toEqual([700, 400]);
    expect(second.body.nextCursor).toBeUndefined();
  });

  it('a reference is counted in characters like every other text: 256 emoji are taken, 257 and a C1 control or zero-width space alone are not', async () => {
    // Prepare
    const { source, wallet } = await fundedWallet(10);
    const leg = (reference: string) => ({
      id: uniqueId('trf'),
      debitAccountId: wallet,
      creditAccountId: source,
      amountMinor: 1,
      currency: 'JPY',
      reference,
    });

    // Act
    const account = await post<Account & { reference: string }>('/v1/accounts', { currency: 'JPY', reference: '😀'.repeat(129) });
    const transfer = await post<{ reference: string }>('/v1/transfers', leg('😀'.repeat(256)));
    const linked = await post<{ transfers: { reference: string }[] }>('/v1/transfers', { transfers: [leg('😀'.repeat(256))] });
    const tooLong = await post('/v1/transfers', leg('😀'.repeat(257)));
    // Escaped in the JSON: the fixture sends a body whose characters are all below U+0100 byte for byte.
    const control = await api.call('POST', '/v1/accounts', {
      token: operator,
      rawBody: '{"currency":"JPY","reference":"A\\u0085B\\u009b"}',
      headers: { 'content-type': 'application/json' },
    });
    const invisible = await post('/v1/transfers', { transfers: [leg('order'), leg('\u200b\u200b')] });

    // Assess
    expect([account.status, account.body.reference]).toEqual([201, '😀'.repeat(129)]);
    expect([transfer.status, transfer.body.reference]).toEqual([201, '😀'.repeat(256)]);
    expect(linked.status).toBe(201);
    expect(tooLong.status).toBe(422);
    expect(tooLong.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      detail: 'The request body is invalid: "reference".',
      errors: [{ field: 'reference', message: 'too big: expected string to have <=256 characters' }],
    });
    expect(control.status).toBe(422);
    expect(control.body).toMatchObject({ errors: [{ field: 'reference', message: 'must not hold a control character' }] });
    expect(invisible.status).toBe(422);
    expect(invisible.body).toMatchObject({
      errors: [{ field: 'transfers.1.reference', message: 'must hold a visible character' }],
    });
  });

  it('only operators use the ledger API', async () => {
    const answer = await api.call('GET', '/v1/accounts/anything', { token: await api.tokenFor('customer', 'c1') });
    expect(answer.status).toBe(403);
  });
});
