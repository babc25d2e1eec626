import { describe, expect, it } from 'vitest';
import { makeHandler as makeAccountCreate } from '../../../functions/account-create/handler';
import { makeHandler as makeAccountEntriesList } from '../../../functions/account-entries-list/handler';
import { makeHandler as makeAccountGet } from '../../../functions/account-get/handler';
import { makeHandler as makeTransferCreate } from '../../../functions/transfer-create/handler';
import { makeHandler as makeTransferGet } from '../../../functions/transfer-get/handler';
import { makeHandler as makeTransferPost } from '../../../functions/transfer-post/handler';
import { makeHandler as makeTransferVoid } from '../../../functions/transfer-void/handler';
import { MemoryLedger } from '../../../shared/adapters/memory/ledger';
import { operationFor } from '../../../shared/api/operations';
import { derivedResolutionId } from '../../../shared/domain/ledger/keys';
import { statedPostedCounterMax } from '../../../shared/limits/ledger';
import { PURCHASE_HOLD_CODE } from '../../../shared/domain/payments/owned-transfers';
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
    clock,
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

/** POST /v1/transfers as the operator. */
const createAs = (api: ReturnType<typeof makeLedgerApi>) => (body: unknown) =>
  call(api.transferCreate, apiEvent({ method: 'POST', path: '/v1/transfers', principal: OPERATOR, body }));

/** POST /v1/transfers/hold/{post|void} as the operator, with `body`. */
const resolveHoldAs = (api: ReturnType<typeof makeLedgerApi>) => (action: 'post' | 'void', body: Record<string, unknown>) =>
  call(
    action === 'post' ? api.transferPost : api.transferVoid,
    apiEvent({
      method: 'POST',
      path: `/v1/transfers/hold/${action}`,
      principal: OPERATOR,
      pathParameters: { id: 'hold' },
      body,
    }),
  );

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

  it('account-create refuses an id in a namespace kippu derives for parties and the platform: 422 VALIDATION_FAILED naming id, nothing opened', async () => {
    // Prepare
    const api = makeLedgerApi();
    const reserved = [
      'wallet:cus-1:SEK',
      'carrier:cus-1:JPY',
      'revenue:prv-1:CHF',
      'agent-fees:agt-1:JPY',
      'agent-cash:agt-1:JPY',
      'platform-fees:JPY',
      'payouts:JPY',
      'wallet:cus-1:NOK',
    ];
    const create = (id: string) =>
      call(
        api.accountCreate,
        apiEvent({ method: 'POST', path: '/v1/accounts', principal: OPERATOR, body: { id, currency: 'JPY' } }),
      );

    // Act
    const refused = await Promise.all(reserved.map(create));
    const near = await Promise.all(['wallet-1', 'wallets:cus-1:JPY', 'my:wallet:JPY'].map(create));

    // Assess
    for (const answer of refused) {
      expect(answer).toMatchObject({
        status: 422,
        body: {
          code: 'VALIDATION_FAILED',
          errors: [{ field: 'id', message: expect.stringMatching(/outside the namespaces kippu derives .*wallet:/) as unknown }],
        },
      });
    }
    expect(near.map((answer) => answer.status)).toEqual([201, 201, 201]);
    await expect(api.ledger.getAccount('wallet:cus-1:SEK')).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
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
    const create = createAs(api);
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

  it("transfer-create refuses a reversal of a flow's transfer (409 naming the flow, the failing leg in a batch) and lets the operator reverse its own transfers and reversals", async () => {
    // Prepare
    const api = makeLedgerApi();
    await withHold(api);
    const written = async (id: string, code: string, reference: string) =>
      api.ledger.createTransfers([
        {
          action: 'create',
          id,
          debitAccountId: 'world',
          creditAccountId: 'shop',
          amountMinor: 50,
          currency: 'JPY',
          code,
          reference,
        },
      ]);
    await written('fee-of-purchase', 'platform_fee', 'pur_1');
    await written('fee-of-reservation', 'platform_fee', 'rsv_1');
    await written('payout', 'billing_payout', 'stm_1');
    await written('top-up', 'topup', 'kiosk-ref-1');
    await written('settled', 'purchase_settlement', 'pur_1');
    await written('own', 'correction', 'ticket-42');
    const create = createAs(api);
    const reversal = (id: string, original: string, amountMinor = 50) => ({
      id,
      debitAccountId: 'shop',
      creditAccountId: 'world',
      amountMinor,
      currency: 'JPY',
      reversesTransferId: original,
    });

    // Act
    const refused = await Promise.all(
      ['fee-of-purchase', 'fee-of-reservation', 'payout', 'top-up', 'settled'].map((original) =>
        create(reversal(`r-${original}`, original)),
      ),
    );
    const inBatch = await create({ transfers: [reversal('r-own-1', 'own', 10), reversal('r-settled-2', 'settled')] });
    const unknown = await create(reversal('r-unknown', 'nowhere'));
    const own = await create(reversal('r-own', 'own', 20));
    const undoOwn = await create({
      id: 'r-r-own',
      debitAccountId: 'world',
      creditAccountId: 'shop',
      amountMinor: 20,
      currency: 'JPY',
      reversesTransferId: 'r-own',
    });

    // Assess
    expect(refused.map(({ status, body }) => [status, body.code, body.flow, body.ownerId])).toEqual([
      [409, 'TRANSFER_OWNED_BY_FLOW', 'purchase', 'pur_1'],
      [409, 'TRANSFER_OWNED_BY_FLOW', 'reservation', 'rsv_1'],
      [409, 'TRANSFER_OWNED_BY_FLOW', 'billing', 'stm_1'],
      [409, 'TRANSFER_OWNED_BY_FLOW', 'topup', 'kiosk-ref-1'],
      [409, 'TRANSFER_OWNED_BY_FLOW', 'purchase', 'pur_1'],
    ]);
    // The owner's id (a top-up's: the agent's reference) is quoted like every id in a detail.
    expect(refused.map(({ body }) => /belongs to (.*) and is corrected/.exec(String(body.detail))?.[1])).toEqual([
      'purchase "pur_1"',
      'reservation "rsv_1"',
      'billing "stm_1"',
      'topup "kiosk-ref-1"',
      'purchase "pur_1"',
    ]);
    expect(inBatch).toMatchObject({
      status: 409,
      body: { code: 'TRANSFER_OWNED_BY_FLOW', index: 1, errors: [{ field: 'transfers.1.reversesTransferId' }] },
    });
    expect(unknown).toMatchObject({
      status: 404,
      body: { code: 'TRANSFER_NOT_FOUND', errors: [{ field: 'reversesTransferId' }] },
    });
    expect(own).toMatchObject({ status: 201, body: { reversesTransferId: 'own', result: 'created' } });
    expect(undoOwn).toMatchObject({ status: 201, body: { reversesTransferId: 'r-own', result: 'created' } });
    await expect(api.ledger.getTransfer('r-own-1')).rejects.toMatchObject({ code: 'TRANSFER_NOT_FOUND' });
  });

  it("transfer-post and -void of a flow's hold are 409 PENDING_TRANSFER_OWNED_BY_FLOW naming the path parameter id and the owner quoted, like every other hold refusal", async () => {
    // Prepare: a purchase's hold, written by its flow.
    const api = makeLedgerApi();
    await withHold(api);
    await api.ledger.createTransfers([
      {
        action: 'create',
        id: 'flow-hold',
        debitAccountId: 'wallet',
        creditAccountId: 'shop',
        amountMinor: 100,
        currency: 'JPY',
        timeoutSeconds: 600,
        code: 'purchase_hold',
        reference: 'pur_1.',
      },
    ]);
    const resolve = (action: 'post' | 'void') =>
      call(
        action === 'post' ? api.transferPost : api.transferVoid,
        apiEvent({
          method: 'POST',
          path: `/v1/transfers/flow-hold/${action}`,
          principal: OPERATOR,
          pathParameters: { id: 'flow-hold' },
          body: {},
        }),
      );

    // Act
    const refused = [await resolve('post'), await resolve('void')];

    // Assess
    for (const { status, body } of refused) {
      expect(status).toBe(409);
      expect(body).toMatchObject({
        code: 'PENDING_TRANSFER_OWNED_BY_FLOW',
        flow: 'purchase',
        ownerId: 'pur_1.',
        errors: [{ field: 'id', message: 'belongs to purchase "pur_1."' }],
      });
      expect(String(body.detail)).toMatch(/^Hold "flow-hold" belongs to purchase "pur_1\." and is resolved only through it: /);
    }
  });

  it('transfer-create names the missing fields of a single transfer sent without transfers, not transfers and its own fields as unknown', async () => {
    // Act: probe aq3's reversal "just reverse it", missing the accounts, amount and currency.
    const refused = await createAs(makeLedgerApi())({ id: 'rev-hand-2', reversesTransferId: 'hand-2' });

    // Assess
    expect(refused).toMatchObject({ status: 422, body: { code: 'VALIDATION_FAILED' } });
    expect(refused.body.errors).toEqual(
      ['debitAccountId', 'creditAccountId', 'amountMinor', 'currency'].map((field) => ({ field, message: 'is required' })),
    );
  });

  it("transfer-create, -post and -void refuse a code kippu's flows write with (422 VALIDATION_FAILED naming the leg's code) and write nothing", async () => {
    // Prepare
    const api = makeLedgerApi();
    await withHold(api);
    const leg = (id: string, code: string) => ({
      id,
      debitAccountId: 'world',
      creditAccountId: 'shop',
      amountMinor: 5,
      currency: 'JPY',
      code,
    });
    const create = createAs(api);
    const resolve = (action: 'post' | 'void', code: string) => resolveHoldAs(api)(action, { code });

    // Act
    const hold = await create({ ...leg('own-hold', 'purchase_hold'), timeoutSeconds: 600 });
    const settlement = await create(leg('own-settlement', 'purchase_settlement'));
    const inBatch = await create({ transfers: [leg('own-1', 'correction'), leg('own-2', 'topup')] });
    const posted = await resolve('post', 'platform_fee');
    const voided = await resolve('void', 'billing_payout');
    const ownCode = await create(leg('own-3', 'correction'));

    // Assess
    for (const [answer, field] of [
      [hold, 'code'],
      [settlement, 'code'],
      [inBatch, 'transfers.1.code'],
      [posted, 'code'],
      [voided, 'code'],
    ] as const) {
      expect(answer).toMatchObject({
        status: 422,
        body: {
          code: 'VALIDATION_FAILED',
          errors: [{ field, message: expect.stringContaining("not a code kippu's own flows") as unknown }],
        },
      });
    }
    for (const id of ['own-hold', 'own-settlement', 'own-1', 'own-2']) {
      await expect(api.ledger.getTransfer(id)).rejects.toMatchObject({ code: 'TRANSFER_NOT_FOUND' });
    }
    await expect(api.ledger.getTransfer('hold')).resolves.toMatchObject({ state: 'pending' });
    expect(ownCode).toMatchObject({ status: 201, body: { code: 'correction', result: 'created' } });
  });

  it("transfer-create, -post and -void refuse an id in kippu's own transfer id namespace (trf_…: 422 naming id, the leg in a batch) and write nothing", async () => {
    // Prepare
    const api = makeLedgerApi();
    await withHold(api);
    const leg = (id: string) => ({ id, debitAccountId: 'world', creditAccountId: 'shop', amountMinor: 5, currency: 'JPY' });
    const create = createAs(api);
    const resolve = (action: 'post' | 'void', id: string) => resolveHoldAs(api)(action, { id });
    const expireId = derivedResolutionId('hold', 'expire');

    // Act
    const squat = await create(leg(expireId));
    const inBatch = await create({ transfers: [leg('mine-1'), leg('trf_anything')] });
    const posted = await resolve('post', derivedResolutionId('hold', 'void'));
    const voided = await resolve('void', expireId);
    const alike = await Promise.all(['trf-1', 'TRF_1', 'my-trf_1'].map((id) => create(leg(id))));

    // Assess
    for (const [answer, field] of [
      [squat, 'id'],
      [inBatch, 'transfers.1.id'],
      [posted, 'id'],
      [voided, 'id'],
    ] as const) {
      expect(answer).toMatchObject({
        status: 422,
        body: {
          code: 'VALIDATION_FAILED',
          errors: [{ field, message: expect.stringContaining("trf_: that prefix is kippu's own") as unknown }],
        },
      });
    }
    for (const id of [expireId, 'mine-1', 'trf_anything']) {
      await expect(api.ledger.getTransfer(id)).rejects.toMatchObject({ code: 'TRANSFER_NOT_FOUND' });
    }
    await expect(api.ledger.getTransfer('hold')).resolves.toMatchObject({ state: 'pending' });
    expect(alike.map((answer) => answer.status)).toEqual([201, 201, 201]);
  });

  it('transfer-create refuses a reversal that is a hold (422 naming timeoutSeconds, before the original is read)', async () => {
    // Prepare
    const api = makeLedgerApi();
    await withHold(api);
    const create = createAs(api);
    const reversal = (id: string, reversesTransferId: string) => ({
      id,
      debitAccountId: 'wallet',
      creditAccountId: 'world',
      amountMinor: 50,
      currency: 'JPY',
      reversesTransferId,
      timeoutSeconds: 600,
    });

    // Act
    const ofFunding = await create(reversal('r-1', 'fund'));
    const ofMissing = await create(reversal('r-2', 'nope'));
    const inBatch = await create({
      transfers: [{ ...reversal('r-3', 'fund'), timeoutSeconds: undefined }, reversal('r-4', 'fund')],
    });

    // Assess
    expect(ofFunding).toMatchObject({ status: 422, body: { code: 'VALIDATION_FAILED', errors: [{ field: 'timeoutSeconds' }] } });
    expect(ofMissing).toMatchObject({ status: 422, body: { code: 'VALIDATION_FAILED', errors: [{ field: 'timeoutSeconds' }] } });
    expect(inBatch).toMatchObject({
      status: 422,
      body: { code: 'VALIDATION_FAILED', index: 1, errors: [{ field: 'transfers.1.timeoutSeconds' }] },
    });
    await expect(api.ledger.getTransfer('r-3')).rejects.toMatchObject({ code: 'TRANSFER_NOT_FOUND' });
  });

  it('transfer-create answers a replayed id with another, missing reversesTransferId as the ledger idempotency would: 409 naming it', async () => {
    // Prepare
    const api = makeLedgerApi();
    await withHold(api);
    const body = { id: 'o-2', debitAccountId: 'world', creditAccountId: 'shop', amountMinor: 5, currency: 'JPY' };
    const create = (extra: object) =>
      call(
        api.transferCreate,
        apiEvent({ method: 'POST', path: '/v1/transfers', principal: OPERATOR, body: { ...body, ...extra } }),
      );
    await create({});

    // Act
    const replay = await create({ reversesTransferId: 'nope' });
    const fresh = await create({ id: 'o-3', reversesTransferId: 'nope' });

    // Assess
    expect(replay).toMatchObject({
      status: 409,
      body: { code: 'TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS', errors: [{ field: 'reversesTransferId' }] },
    });
    expect(fresh).toMatchObject({ status: 404, body: { code: 'TRANSFER_NOT_FOUND', errors: [{ field: 'reversesTransferId' }] } });
  });

  it('transfer-create and account-create refuse an amount or limit literal that is not an integer but reads as one (422 naming it)', async () => {
    // Prepare
    const api = makeLedgerApi();
    await withHold(api);
    const raw = (handler: typeof api.transferCreate, path: string, body: string) =>
      call(handler, { ...apiEvent({ method: 'POST', path, principal: OPERATOR }), body });

    // Act
    const amount = await raw(
      api.transferCreate,
      '/v1/transfers',
      '{"id":"x-1","debitAccountId":"world","creditAccountId":"shop","amountMinor":4503599627370497.5,"currency":"JPY"}',
    );
    const legAmount = await raw(
      api.transferCreate,
      '/v1/transfers',
      '{"transfers":[{"id":"x-2","debitAccountId":"world","creditAccountId":"shop","amountMinor":1,"currency":"JPY"},' +
        '{"id":"x-3","debitAccountId":"world","creditAccountId":"shop","amountMinor":1.00000000000000001,"currency":"JPY"}]}',
    );
    const limit = await raw(
      api.accountCreate,
      '/v1/accounts',
      '{"id":"x-acc","currency":"JPY","flags":{"debitsMustNotExceedCredits":true},"limitMinor":4503599627370497.5}',
    );
    const exact = await raw(
      api.transferCreate,
      '/v1/transfers',
      '{"id":"x-4","debitAccountId":"world","creditAccountId":"shop","amountMinor":1e2,"currency":"JPY","timeoutSeconds":60.0}',
    );

    // Assess
    expect(amount).toMatchObject({ status: 422, body: { code: 'VALIDATION_FAILED', errors: [{ field: 'amountMinor' }] } });
    expect(legAmount).toMatchObject({ status: 422, body: { errors: [{ field: 'transfers.1.amountMinor' }] } });
    expect(limit).toMatchObject({ status: 422, body: { code: 'VALIDATION_FAILED', errors: [{ field: 'limitMinor' }] } });
    expect(exact).toMatchObject({ status: 201, body: { amountMinor: 100, timeoutSeconds: 60 } });
    for (const id of ['x-1', 'x-2', 'x-3']) {
      await expect(api.ledger.getTransfer(id)).rejects.toMatchObject({ code: 'TRANSFER_NOT_FOUND' });
    }
  });

  it('a hold past its expiry reads expired in transfer-get and in a replayed create before the sweeper runs; its balance still counts it', async () => {
    // Prepare
    const api = makeLedgerApi();
    await withHold(api);
    const read = () =>
      call(
        api.transferGet,
        apiEvent({ method: 'GET', path: '/v1/transfers/hold', principal: OPERATOR, pathParameters: { id: 'hold' } }),
      );
    const replay = () =>
      call(
        api.transferCreate,
        apiEvent({
          method: 'POST',
          path: '/v1/transfers',
          principal: OPERATOR,
          body: {
            id: 'hold',
            debitAccountId: 'wallet',
            creditAccountId: 'shop',
            amountMinor: 300,
            currency: 'JPY',
            timeoutSeconds: 600,
          },
        }),
      );

    // Act
    api.clock.advanceSeconds(599);
    const before = await read();
    api.clock.advanceSeconds(1);
    const atExpiry = await read();
    const replayed = await replay();
    const post = await call(
      api.transferPost,
      apiEvent({
        method: 'POST',
        path: '/v1/transfers/hold/post',
        principal: OPERATOR,
        pathParameters: { id: 'hold' },
        body: {},
      }),
    );

    // Assess
    expect(before).toMatchObject({ status: 200, body: { state: 'pending' } });
    expect(atExpiry).toMatchObject({ status: 200, body: { id: 'hold', kind: 'pending', state: 'expired' } });
    expect(atExpiry.body.resolvedByTransferId).toBeUndefined();
    expect(replayed).toMatchObject({ status: 200, body: { id: 'hold', state: 'expired', result: 'exists' } });
    expect(post).toMatchObject({ status: 409, body: { code: 'PENDING_TRANSFER_EXPIRED' } });
    expect((await api.ledger.getAccount('wallet')).balances).toMatchObject({ debitsPending: 300, available: 700 });
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

  it('transfer-post of a hold that does not exist is 404 PENDING_TRANSFER_NOT_FOUND naming the path parameter id, with a lower-case field message like every other', async () => {
    // Act
    const unknown = await call(
      makeLedgerApi().transferPost,
      apiEvent({
        method: 'POST',
        path: '/v1/transfers/nope/post',
        principal: OPERATOR,
        pathParameters: { id: 'nope' },
        body: {},
      }),
    );

    // Assess
    expect(unknown).toMatchObject({
      status: 404,
      body: {
        code: 'PENDING_TRANSFER_NOT_FOUND',
        detail: 'Hold "nope" does not exist.',
        errors: [{ field: 'id', message: 'hold "nope" does not exist' }],
      },
    });
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

  it.each(['post', 'void'] as const)(
    'transfer-%s declares the codes of its own it can answer, each answered naming the hold as the path parameter id',
    async (action) => {
      // Prepare: holds to refuse in each way the ledger can (the wallet holds 1,000).
      const api = makeLedgerApi();
      await withHold(api);
      const hold = (id: string, code?: string) =>
        api.ledger.createTransfers([
          {
            action: 'create',
            id,
            debitAccountId: 'wallet',
            creditAccountId: 'shop',
            amountMinor: 100,
            currency: 'JPY',
            timeoutSeconds: 600,
            ...(code === undefined ? {} : { code, reference: 'pur-1' }),
          },
        ]);
      for (const id of ['h-done', 'h-posted', 'h-voided', 'h-expiring']) await hold(id);
      await hold('h-flow', PURCHASE_HOLD_CODE);
      await api.ledger.postPending({ pendingId: 'h-posted' });
      await api.ledger.voidPending({ pendingId: 'h-voided' });
      const resolve = (pendingId: string, body: Record<string, unknown> = {}) =>
        call(
          action === 'post' ? api.transferPost : api.transferVoid,
          apiEvent({
            method: 'POST',
            path: `/v1/transfers/${pendingId}/${action}`,
            principal: OPERATOR,
            pathParameters: { id: pendingId },
            body,
          }),
        );
      expect(await resolve('h-done', { id: 'r-1' })).toMatchObject({ status: 201 });

      // Act
      const answers = [
        await resolve('h-expiring', { id: 'r-1' }),
        await resolve('nope'),
        await resolve('fund'),
        await resolve('h-posted', { id: 'r-2' }),
        await resolve('h-voided', { id: 'r-3' }),
        await resolve('h-flow'),
        ...(action === 'post' ? [await resolve('hold', { amountMinor: 301 })] : []),
      ];
      api.clock.advanceSeconds(600);
      answers.push(await resolve('h-expiring'));

      // Assess: the codes answered are those declared (less the transport's), but for a
      // counter past 10^38 - 1, which no test can reach; no amount code on a void.
      const codes = answers.map((answer) => answer.body['code']);
      const declared = operationFor(action === 'post' ? 'transferPost' : 'transferVoid').problems ?? [];
      expect([...codes, 'BALANCE_OVERFLOW'].sort()).toEqual([...declared].sort());
      if (action === 'void') expect(declared).not.toContain('POST_AMOUNT_EXCEEDS_PENDING');
      for (const answer of answers) {
        const fields = ((answer.body['errors'] ?? []) as { field: string }[]).map((issue) => issue.field);
        expect(fields, String(answer.body['code'])).not.toContain('pendingId');
      }
      expect(answers[0]?.body['errors']).toEqual([{ field: 'id', message: 'differs from the stored transfer "r-1"' }]);
      expect(answers[3]?.body['errors']).toEqual([
        { field: 'id', message: expect.stringMatching(/^hold "h-posted" was already posted$/) as unknown },
      ]);
    },
  );
});

describe('a hold refusal names only the fields the request sent', () => {
  it('a post without an amount refused BALANCE_OVERFLOW or as a different repeat names no amountMinor; with one it does', async () => {
    // Prepare: a wallet (an account on statements) 5 short of its credit bound, a hold of 10 into it,
    // and a hold of 300 posted for 5 of it.
    const api = makeLedgerApi();
    await withHold(api);
    const wallet = 'wallet:cus_bound:JPY';
    await api.ledger.createAccount({ id: wallet, currency: 'JPY', balanceShards: 1 });
    const bound = Number(statedPostedCounterMax(1));
    await api.ledger.createTransfers([
      { action: 'create', id: 'fill', debitAccountId: 'world', creditAccountId: wallet, amountMinor: bound - 5, currency: 'JPY' },
      {
        action: 'create',
        id: 'h-bound',
        debitAccountId: 'world',
        creditAccountId: wallet,
        amountMinor: 10,
        currency: 'JPY',
        timeoutSeconds: 600,
      },
    ]);
    await api.ledger.postPending({ pendingId: 'hold', amountMinor: 5 });
    const post = (pendingId: string, body?: Record<string, unknown>) =>
      call(
        api.transferPost,
        apiEvent({
          method: 'POST',
          path: `/v1/transfers/${pendingId}/post`,
          principal: OPERATOR,
          pathParameters: { id: pendingId },
          ...(body === undefined ? {} : { body }),
        }),
      );

    // Act
    const overflowWithout = await post('h-bound');
    const overflowEmpty = await post('h-bound', {});
    const overflowWith = await post('h-bound', { amountMinor: 6 });
    const repeatWithout = await post('hold');
    const repeatWith = await post('hold', { amountMinor: 6 });

    // Assess: the request without an amount has none to name (README: `errors` names the fields sent).
    expect(overflowWithout).toMatchObject({ status: 422, body: { code: 'BALANCE_OVERFLOW' } });
    expect(overflowWithout.body).not.toHaveProperty('errors');
    expect(overflowEmpty.body).toEqual(overflowWithout.body);
    expect(overflowWith).toMatchObject({ status: 422, body: { code: 'BALANCE_OVERFLOW', errors: [{ field: 'amountMinor' }] } });
    expect(repeatWithout).toMatchObject({ status: 409, body: { code: 'TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS' } });
    expect(repeatWithout.body).not.toHaveProperty('errors');
    expect(repeatWith).toMatchObject({
      status: 409,
      body: { code: 'TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS', errors: [{ field: 'amountMinor' }] },
    });
  });
});
