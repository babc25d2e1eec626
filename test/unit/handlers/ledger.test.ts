import { describe, expect, it } from 'vitest';
import { makeHandler as makeAccountCreate } from '../../../functions/account-create/handler';
import { makeHandler as makeAccountEntriesList } from '../../../functions/account-entries-list/handler';
import { makeHandler as makeAccountGet } from '../../../functions/account-get/handler';
import { makeHandler as makeTransferCreate } from '../../../functions/transfer-create/handler';
import { makeHandler as makeTransferGet } from '../../../functions/transfer-get/handler';
import { makeHandler as makeTransferPost } from '../../../functions/transfer-post/handler';
import { makeHandler as makeTransferVoid } from '../../../functions/transfer-void/handler';
import { MemoryLedger } from '../../../shared/adapters/memory/ledger';
import type { Principal } from '../../../shared/domain/principal';
import { ManualClock } from '../../fixtures/clock';
import { apiEvent, call, handlerBase, memoryIdempotency } from '../../fixtures/handlers';

/** The operator's ledger API through makeHandler, on the in-memory ledger. */
const OPERATOR: Principal = { role: 'operator', subject: 'op-1' };

const makeLedgerApi = () => {
  const clock = new ManualClock(Date.parse('2026-11-22T02:13:00.000Z'));
  const ledger = new MemoryLedger({ clock });
  const base = handlerBase();
  const deps = { ...base, ...memoryIdempotency(clock), ledger };
  return {
    ledger,
    logger: base.logger,
    accountCreate: makeAccountCreate(deps),
    accountGet: makeAccountGet(deps),
    accountEntriesList: makeAccountEntriesList(deps),
    transferCreate: makeTransferCreate(deps),
    transferGet: makeTransferGet(deps),
    transferPost: makeTransferPost(deps),
    transferVoid: makeTransferVoid(deps),
  };
};

/** A funded wallet and a shop, with a hold of 300 from the wallet to the shop. */
const withHold = async (api: ReturnType<typeof makeLedgerApi>) => {
  await api.ledger.createAccount({ id: 'world', currency: 'JPY' });
  await api.ledger.createAccount({ id: 'wallet', currency: 'JPY', flags: { debitsMustNotExceedCredits: true } });
  await api.ledger.createAccount({ id: 'shop', currency: 'JPY' });
  await api.ledger.createTransfers([
    { action: 'create', id: 'fund', debitAccountId: 'world', creditAccountId: 'wallet', amountMinor: 1_000, currency: 'JPY' },
    {
      action: 'create',
      id: 'hold',
      debitAccountId: 'wallet',
      creditAccountId: 'shop',
      amountMinor: 300,
      currency: 'JPY',
      timeoutSeconds: 600,
    },
  ]);
};

describe('the ledger handlers', () => {
  it('account-create answers 201 with the account and its location', async () => {
    // Act
    const created = await call(
      makeLedgerApi().accountCreate,
      apiEvent({ method: 'POST', path: '/v1/accounts', principal: OPERATOR, body: { id: 'wallet-1', currency: 'JPY' } }),
    );

    // Assess
    expect(created).toMatchObject({ status: 201, headers: { location: '/v1/accounts/wallet-1' }, body: { result: 'created' } });
  });

  it('account-create replays a repeat with the same Idempotency-Key', async () => {
    // Prepare
    const api = makeLedgerApi();
    const request = () =>
      apiEvent({
        method: 'POST',
        path: '/v1/accounts',
        principal: OPERATOR,
        headers: { 'idempotency-key': 'key-1' },
        body: { id: 'wallet-1', currency: 'JPY', flags: { debitsMustNotExceedCredits: true } },
      });

    // Act
    const created = await call(api.accountCreate, request());
    const repeated = await call(api.accountCreate, request());

    // Assess
    expect(created.status).toBe(201);
    expect(created.headers).toMatchObject({ 'idempotent-replayed': 'false' });
    expect(created.body).toMatchObject({ id: 'wallet-1', currency: 'JPY', result: 'created', balances: { posted: 0 } });
    expect(repeated).toEqual({ ...created, headers: { ...created.headers, 'idempotent-replayed': 'true' } });
  });

  it('account-create is for operators only', async () => {
    // Act
    const answer = await call(
      makeLedgerApi().accountCreate,
      apiEvent({
        method: 'POST',
        path: '/v1/accounts',
        principal: { role: 'customer', subject: 'c' },
        body: { currency: 'JPY' },
      }),
    );

    // Assess
    expect(answer).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
  });

  it('account-get answers the account with its balances, and 404 for an unknown one', async () => {
    // Prepare
    const api = makeLedgerApi();
    await withHold(api);

    // Act
    const wallet = await call(
      api.accountGet,
      apiEvent({ method: 'GET', path: '/v1/accounts/wallet', principal: OPERATOR, pathParameters: { id: 'wallet' } }),
    );
    const unknown = await call(
      api.accountGet,
      apiEvent({ method: 'GET', path: '/v1/accounts/nope', principal: OPERATOR, pathParameters: { id: 'nope' } }),
    );

    // Assess
    expect(wallet).toMatchObject({ status: 200, body: { id: 'wallet', balances: { posted: 1_000, pending: -300 } } });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'ACCOUNT_NOT_FOUND' } });
  });

  it('a route without the path parameter it declares is a routing bug: a logged invariant and a 500', async () => {
    // Prepare
    const api = makeLedgerApi();

    // Act
    const answer = await call(api.accountGet, apiEvent({ method: 'GET', path: '/v1/accounts/x', principal: OPERATOR }));

    // Assess
    expect(answer).toMatchObject({ status: 500, body: { code: 'INTERNAL_ERROR' } });
    expect(api.logger.lines).toEqual([
      expect.objectContaining({ level: 'error', fields: expect.objectContaining({ errorName: 'InvariantViolationError' }) }),
    ]);
  });

  it('account-entries-list pages the history with running balances', async () => {
    // Prepare
    const api = makeLedgerApi();
    await withHold(api);
    const page = (cursor?: string) =>
      call(
        api.accountEntriesList,
        apiEvent({
          method: 'GET',
          path: '/v1/accounts/wallet/entries',
          principal: OPERATOR,
          pathParameters: { id: 'wallet' },
          query: { limit: '1', ...(cursor === undefined ? {} : { cursor }) },
        }),
      );

    // Act
    const first = await page();
    const second = await page(String(first.body.nextCursor));

    // Assess
    expect(first).toMatchObject({ status: 200, body: { items: [{ transferId: 'fund', postedBalanceAfter: 1_000 }] } });
    expect(second).toMatchObject({ status: 200, body: { items: [{ transferId: 'hold', pendingBalanceAfter: -300 }] } });
    expect(second.body.nextCursor).toBeUndefined();
  });

  it('transfer-create writes one transfer, or linked legs, and transfer-get reads one back', async () => {
    // Prepare
    const api = makeLedgerApi();
    await withHold(api);
    const create = (body: unknown) =>
      call(api.transferCreate, apiEvent({ method: 'POST', path: '/v1/transfers', principal: OPERATOR, body }));
    const leg = (id: string, amountMinor: number) => ({
      id,
      debitAccountId: 'world',
      creditAccountId: 'shop',
      amountMinor,
      currency: 'JPY',
    });

    // Act
    const single = await create(leg('t-1', 10));
    const linked = await create({ transfers: [leg('t-2', 20), leg('t-3', 30)] });
    const again = await create(leg('t-1', 10));
    const read = await call(
      api.transferGet,
      apiEvent({ method: 'GET', path: '/v1/transfers/t-2', principal: OPERATOR, pathParameters: { id: 't-2' } }),
    );

    // Assess
    expect(single).toMatchObject({ status: 201, body: { id: 't-1', kind: 'single', result: 'created' } });
    expect(linked).toMatchObject({ status: 201, body: { transfers: [{ id: 't-2' }, { id: 't-3' }] } });
    expect(again).toMatchObject({ status: 200, body: { id: 't-1', result: 'exists' } });
    expect(read).toMatchObject({ status: 200, body: { id: 't-2', amountMinor: 20 } });
  });

  it('transfer-post posts part of a hold and releases the rest', async () => {
    // Prepare
    const api = makeLedgerApi();
    await withHold(api);

    // Act
    const posted = await call(
      api.transferPost,
      apiEvent({
        method: 'POST',
        path: '/v1/transfers/hold/post',
        principal: OPERATOR,
        pathParameters: { id: 'hold' },
        body: { amountMinor: 200 },
      }),
    );

    // Assess
    expect(posted).toMatchObject({ status: 201, body: { kind: 'post', pendingId: 'hold', amountMinor: 200, result: 'created' } });
    expect((await api.ledger.getAccount('wallet')).balances).toMatchObject({ posted: 800, pending: 0 });
  });

  it('transfer-void releases a hold, and a second void of it is refused', async () => {
    // Prepare
    const api = makeLedgerApi();
    await withHold(api);
    const voidHold = (id: string) =>
      call(
        api.transferVoid,
        apiEvent({
          method: 'POST',
          path: '/v1/transfers/hold/void',
          principal: OPERATOR,
          pathParameters: { id: 'hold' },
          body: { id },
        }),
      );

    // Act
    const voided = await voidHold('void-1');
    const twice = await voidHold('void-2');

    // Assess
    expect(voided).toMatchObject({ status: 201, body: { kind: 'void', pendingId: 'hold', result: 'created' } });
    expect(twice).toMatchObject({ status: 409, body: { code: 'PENDING_TRANSFER_ALREADY_VOIDED' } });
    expect((await api.ledger.getAccount('wallet')).balances).toMatchObject({ posted: 1_000, pending: 0 });
  });
});
