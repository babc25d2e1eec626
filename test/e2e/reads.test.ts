import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeJsonCursor } from '../../shared/domain/cursor';
import { startTestApi, uniqueId, type TestApi } from '../fixtures/api';

/**
 * The reads people expect, through the typed client generated from the document: the
 * caller's own party, accounts and history, other parties with the usual visibility (another
 * party's object is a 404), and one list shape with one bad-cursor answer everywhere.
 */
let api: TestApi;
let operator: string;

beforeAll(async () => {
  api = await startTestApi();
  operator = await api.tokenFor('operator', 'op-reads');
});
afterAll(async () => api.close());

const must = <Data>(answer: { data?: Data; error?: unknown; response: Response }): Data => {
  if (answer.data === undefined) throw new Error(`expected data, got ${answer.response.status}: ${JSON.stringify(answer.error)}`);
  return answer.data;
};

const setUp = async () => {
  const asOperator = api.client(operator);
  const agent = must(await asOperator.POST('/v1/agents', { body: { name: 'Kiosk', feeBps: 100 } }));
  const otherAgent = must(await asOperator.POST('/v1/agents', { body: { name: 'Other kiosk', feeBps: 100 } }));
  const asAgent = api.client(await api.tokenFor('agent', agent.id));
  const alice = must(await asAgent.POST('/v1/customers', { body: { name: 'Alice' } }));
  const bob = must(await asAgent.POST('/v1/customers', { body: { name: 'Bob' } }));
  must(
    await asAgent.POST('/v1/customers/{id}/topups', {
      params: { path: { id: alice.id } },
      body: { amountMinor: 1_200, currency: 'JPY', reference: uniqueId('receipt') },
    }),
  );
  const provider = must(
    await asOperator.POST('/v1/providers', { body: { name: 'Cams', proxySettlement: { trusted: false }, platformFeeBps: 0 } }),
  );
  return { agent, otherAgent, alice, bob, provider, asAgent };
};

const walletOf = (party: { accounts: { kind: string; id: string }[] }): string =>
  party.accounts.find((account) => account.kind === 'wallet')?.id ?? '';

describe('a customer reads its own wallet', () => {
  it('reads its own wallet balance and history, and nobody else’s', async () => {
    // Prepare
    const { alice, bob } = await setUp();
    const asAlice = api.client(await api.tokenFor('customer', alice.id));

    // Act
    const me = must(await asAlice.GET('/v1/me'));
    const accounts = must(await asAlice.GET('/v1/me/accounts'));
    const history = must(
      await asAlice.GET('/v1/me/accounts/{accountId}/entries', { params: { path: { accountId: walletOf(alice) } } }),
    );
    const bobsHistory = await asAlice.GET('/v1/me/accounts/{accountId}/entries', {
      params: { path: { accountId: walletOf(bob) } },
    });
    const bobsRecord = await asAlice.GET('/v1/customers/{id}', { params: { path: { id: bob.id } } });

    // Assess
    expect(me).toMatchObject({ kind: 'customer', id: alice.id, name: 'Alice' });
    expect(accounts.items).toEqual([
      expect.objectContaining({
        kind: 'wallet',
        id: walletOf(alice),
        currency: 'JPY',
        balances: expect.objectContaining({ posted: 1_200 }),
      }),
    ]);
    expect(accounts.nextCursor).toBeUndefined();
    expect(history.items.map((entry) => [entry.side, entry.amountMinor, entry.postedBalanceAfter])).toEqual([
      ['credit', 1_200, 1_200],
    ]);
    expect([bobsHistory.response.status, bobsHistory.error?.code]).toEqual([404, 'ACCOUNT_NOT_FOUND']);
    expect([bobsRecord.response.status, bobsRecord.error?.code]).toEqual([404, 'CUSTOMER_NOT_FOUND']);
  });

  it('pages its history with the list shape, and a crafted cursor is 400 INVALID_CURSOR', async () => {
    // Prepare
    const { alice, asAgent } = await setUp();
    must(
      await asAgent.POST('/v1/customers/{id}/topups', {
        params: { path: { id: alice.id } },
        body: { amountMinor: 300, currency: 'JPY', reference: uniqueId('receipt') },
      }),
    );
    const asAlice = api.client(await api.tokenFor('customer', alice.id));
    const path = { accountId: walletOf(alice) };

    // Act
    const first = must(await asAlice.GET('/v1/me/accounts/{accountId}/entries', { params: { path, query: { limit: 1 } } }));
    const second = must(
      await asAlice.GET('/v1/me/accounts/{accountId}/entries', {
        params: { path, query: { limit: 1, cursor: first.nextCursor } },
      }),
    );
    const crafted = await asAlice.GET('/v1/me/accounts/{accountId}/entries', {
      params: { path, query: { cursor: encodeJsonCursor({ accountId: walletOf(alice), afterSortKey: 'x' }) } },
    });

    // Assess
    expect([...first.items, ...second.items].map((entry) => entry.postedBalanceAfter)).toEqual([1_200, 1_500]);
    expect(second.nextCursor).toBeUndefined();
    expect([crafted.response.status, crafted.error?.code]).toEqual([400, 'INVALID_CURSOR']);
  });
});

describe("a party's own accounts", () => {
  it('are a list like the others: limit and cursor page them, each account once, and a cursor not handed out is 400 INVALID_CURSOR', async () => {
    // Prepare: a provider selling in JPY, USD, EUR and GBP has four revenue accounts.
    const { provider } = await setUp();
    const other = must(
      await api
        .client(operator)
        .POST('/v1/providers', { body: { name: 'Other', proxySettlement: { trusted: false }, platformFeeBps: 0 } }),
    );
    const asProvider = api.client(await api.tokenFor('provider', provider.id));
    for (const currency of ['USD', 'EUR', 'GBP'] as const) {
      must(
        await asProvider.POST('/v1/offers', {
          body: {
            providerId: provider.id,
            title: `Live camera in ${currency}`,
            resource: 'server-1/stream-7',
            priceMinor: 100,
            currency,
            validitySeconds: 3_600,
            capabilities: ['image'],
          },
        }),
      );
    }
    const asOther = api.client(await api.tokenFor('provider', other.id));

    // Act
    const everything = must(await asProvider.GET('/v1/me/accounts'));
    const first = must(await asProvider.GET('/v1/me/accounts', { params: { query: { limit: 3 } } }));
    const second = must(await asProvider.GET('/v1/me/accounts', { params: { query: { limit: 3, cursor: first.nextCursor } } }));
    const notHandedOut = await asProvider.GET('/v1/me/accounts', { params: { query: { cursor: 'AAAA' } } });
    const anothers = await asOther.GET('/v1/me/accounts', { params: { query: { cursor: first.nextCursor } } });
    const tooLong = await asProvider.GET('/v1/me/accounts', { params: { query: { limit: 101 } } });

    // Assess
    expect(everything.items.map((account) => account.currency)).toEqual(['JPY', 'EUR', 'GBP', 'USD']);
    expect(everything.nextCursor).toBeUndefined();
    expect(first.items).toHaveLength(3);
    expect(first.nextCursor).toEqual(expect.any(String));
    expect([...first.items, ...second.items].map((account) => account.id)).toEqual(everything.items.map((account) => account.id));
    expect(second.nextCursor).toBeUndefined();
    expect([notHandedOut.response.status, notHandedOut.error?.code]).toEqual([400, 'INVALID_CURSOR']);
    expect([anothers.response.status, anothers.error?.code]).toEqual([400, 'INVALID_CURSOR']);
    expect([tooLong.response.status, tooLong.error?.code]).toEqual([422, 'VALIDATION_FAILED']);
  });
});

describe('parties', () => {
  it('are visible to themselves, operators and (customers) the agent that registered them; to anyone else a 404', async () => {
    // Prepare
    const { agent, otherAgent, alice, provider } = await setUp();
    const otherProvider = must(
      await api
        .client(operator)
        .POST('/v1/providers', { body: { name: 'Other', proxySettlement: { trusted: false }, platformFeeBps: 0 } }),
    );
    const asProvider = api.client(await api.tokenFor('provider', provider.id));
    const asOtherAgent = api.client(await api.tokenFor('agent', otherAgent.id));
    const asAgent = api.client(await api.tokenFor('agent', agent.id));

    // Act
    const own = await asProvider.GET('/v1/providers/{id}', { params: { path: { id: provider.id } } });
    const other = await asProvider.GET('/v1/providers/{id}', { params: { path: { id: otherProvider.id } } });
    const byOperator = await api.client(operator).GET('/v1/agents/{id}', { params: { path: { id: agent.id } } });
    const byItsAgent = await asAgent.GET('/v1/customers/{id}', { params: { path: { id: alice.id } } });
    const byAnotherAgent = await asOtherAgent.GET('/v1/customers/{id}', { params: { path: { id: alice.id } } });
    const agentByAnother = await asOtherAgent.GET('/v1/agents/{id}', { params: { path: { id: agent.id } } });
    const providerMe = must(await asProvider.GET('/v1/me'));
    const providerAccounts = must(await asProvider.GET('/v1/me/accounts'));

    // Assess
    expect([own.response.status, own.data?.id]).toEqual([200, provider.id]);
    expect([other.response.status, other.error?.code]).toEqual([404, 'PROVIDER_NOT_FOUND']);
    expect([byOperator.response.status, byOperator.data?.feeBps]).toEqual([200, 100]);
    expect([byItsAgent.response.status, byItsAgent.data?.name]).toEqual([200, 'Alice']);
    expect([byAnotherAgent.response.status, byAnotherAgent.error?.code]).toEqual([404, 'CUSTOMER_NOT_FOUND']);
    expect([agentByAnother.response.status, agentByAnother.error?.code]).toEqual([404, 'AGENT_NOT_FOUND']);
    expect(providerMe).toMatchObject({ kind: 'provider', id: provider.id });
    expect(providerAccounts.items.map((account) => account.kind)).toEqual(['revenue']);
  });
});

describe('every list', () => {
  it('answers { items, nextCursor } and refuses a crafted cursor with 400 INVALID_CURSOR', async () => {
    // Prepare
    const { alice, provider } = await setUp();
    const asProvider = api.client(await api.tokenFor('provider', provider.id));
    const asAlice = api.client(await api.tokenFor('customer', alice.id));
    const crafted = encodeJsonCursor({ pk: 'OFFER#x', sk: '', gsi1pk: 'OFFERS#ALL', gsi1sk: 'x' });
    const from = new Date(Date.now() + 86_400_000).toISOString();
    const to = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const lists = {
      entries: () =>
        api
          .client(operator)
          .GET('/v1/accounts/{id}/entries', { params: { path: { id: walletOf(alice) }, query: { cursor: crafted } } }),
      offers: () => asProvider.GET('/v1/offers', { params: { query: { cursor: crafted } } }),
      listings: () => api.client().GET('/v1/listings', { params: { query: { from, to, cursor: crafted } } }),
      revocations: () =>
        asProvider.GET('/v1/providers/{id}/revocations', { params: { path: { id: provider.id }, query: { cursor: crafted } } }),
      purchases: () => asAlice.GET('/v1/purchases', { params: { query: { cursor: crafted } } }),
      reservations: () => asAlice.GET('/v1/reservations', { params: { query: { cursor: crafted } } }),
      contents: () => asProvider.GET('/v1/contents', { params: { query: { cursor: crafted } } }),
      contentUsage: () => asProvider.GET('/v1/usage', { params: { query: { contentId: 'cnt_x', cursor: crafted } } }),
      myUsage: () => asAlice.GET('/v1/me/usage', { params: { query: { cursor: crafted } } }),
      statements: () => asProvider.GET('/v1/statements', { params: { query: { cursor: crafted } } }),
      devices: () => asAlice.GET('/v1/devices', { params: { query: { cursor: crafted } } }),
      devicePairs: () => asAlice.GET('/v1/device-pairs', { params: { query: { cursor: crafted } } }),
      myEntries: () =>
        asAlice.GET('/v1/me/accounts/{accountId}/entries', {
          params: { path: { accountId: walletOf(alice) }, query: { cursor: crafted } },
        }),
    };

    // Act
    const pages = {
      entries: must(await api.client(operator).GET('/v1/accounts/{id}/entries', { params: { path: { id: walletOf(alice) } } })),
      offers: must(await asProvider.GET('/v1/offers', { params: { query: { providerId: provider.id } } })),
      listings: must(await api.client().GET('/v1/listings', { params: { query: { from, to } } })),
      revocations: must(await asProvider.GET('/v1/providers/{id}/revocations', { params: { path: { id: provider.id } } })),
    };
    const refused = await Promise.all(Object.values(lists).map((list) => list()));

    // Assess
    for (const page of Object.values(pages)) expect(Array.isArray(page.items)).toBe(true);
    expect(refused.map((answer) => [answer.response.status, answer.error?.code])).toEqual(
      Object.keys(lists).map(() => [400, 'INVALID_CURSOR']),
    );
  });
});

describe("a create's Location", () => {
  it('is a path the creator reads: an offer at /v1/offers/{id}, for every signed-in role', async () => {
    // Prepare
    const { alice, provider } = await setUp();
    const providerToken = await api.tokenFor('provider', provider.id);

    // Act
    const created = await api.call<{ id: string }>('POST', '/v1/offers', {
      token: providerToken,
      body: {
        providerId: provider.id,
        resource: 'srv/9',
        priceMinor: 1,
        currency: 'JPY',
        validitySeconds: 60,
        capabilities: ['image'],
      },
    });
    const location = created.headers.get('location') ?? '';
    const byCreator = await api.call('GET', location, { token: providerToken });
    const byCustomer = await api.call('GET', location, { token: await api.tokenFor('customer', alice.id) });
    const missing = await api.call('GET', '/v1/offers/ofr_nothing', { token: providerToken });

    // Assess
    expect(location).toBe(`/v1/offers/${created.body.id}`);
    expect(byCreator).toMatchObject({ status: 200, body: created.body });
    expect(byCustomer).toMatchObject({ status: 200, body: created.body });
    expect(missing).toMatchObject({ status: 404, body: { code: 'OFFER_NOT_FOUND' } });
  });
});

describe("a transfer's Location", () => {
  it('is where the operator reads the transfer it created: a transfer, the first of a linked batch, a post and a void', async () => {
    // Prepare
    const open = async () =>
      (await api.call<{ id: string }>('POST', '/v1/accounts', { token: operator, body: { currency: 'JPY' } })).body.id;
    const [from, to] = [await open(), await open()];
    const leg = (prefix: string, extra: Record<string, unknown> = {}) => ({
      id: uniqueId(prefix),
      debitAccountId: from,
      creditAccountId: to,
      amountMinor: 10,
      currency: 'JPY',
      ...extra,
    });
    const write = (path: string, body: unknown) => api.call<{ id?: string }>('POST', path, { token: operator, body });
    const [hold1, hold2] = [leg('hold', { timeoutSeconds: 600 }), leg('hold', { timeoutSeconds: 600 })];

    // Act
    const single = await write('/v1/transfers', leg('single'));
    const batch = await write('/v1/transfers', { transfers: [leg('batch'), leg('batch')] });
    await write('/v1/transfers', { transfers: [hold1, hold2] });
    const posted = await write(`/v1/transfers/${hold1.id}/post`, { amountMinor: 4 });
    const voided = await write(`/v1/transfers/${hold2.id}/void`, {});

    // Assess
    const batchFirst = (batch.body as { transfers?: { id: string }[] }).transfers?.[0]?.id;
    for (const [answer, id] of [
      [single, single.body.id],
      [batch, batchFirst],
      [posted, posted.body.id],
      [voided, voided.body.id],
    ] as const) {
      expect(answer.status).toBe(201);
      const location = answer.headers.get('location') ?? '';
      expect(location).toBe(`/v1/transfers/${id ?? '(none)'}`);
      expect(await api.call('GET', location, { token: operator })).toMatchObject({ status: 200, body: { id } });
    }
  });
});

describe("an operator's list of a party", () => {
  it('that is not registered is a 404 naming the filter, not an empty list; a registered one with nothing listed is empty', async () => {
    // Prepare
    const { alice, provider } = await setUp();
    const asOperator = api.client(operator);
    const nobody = 'cus_doesnotexist00000000';

    // Act
    const purchases = await asOperator.GET('/v1/purchases', { params: { query: { customerId: nobody } } });
    const providersPurchases = await asOperator.GET('/v1/purchases', { params: { query: { customerId: provider.id } } });
    const reservations = await asOperator.GET('/v1/reservations', { params: { query: { customerId: nobody } } });
    const statements = await asOperator.GET('/v1/statements', { params: { query: { partyId: nobody } } });
    const alicesPurchases = must(await asOperator.GET('/v1/purchases', { params: { query: { customerId: alice.id } } }));
    const alicesStatements = must(await asOperator.GET('/v1/statements', { params: { query: { partyId: alice.id } } }));

    // Assess
    for (const answer of [purchases, providersPurchases, reservations]) {
      expect([answer.response.status, answer.error?.code, answer.error?.errors?.[0]?.field]).toEqual([
        404,
        'CUSTOMER_NOT_FOUND',
        'customerId',
      ]);
    }
    expect([statements.response.status, statements.error?.code, statements.error?.errors?.[0]?.field]).toEqual([
      404,
      'PARTY_NOT_FOUND',
      'partyId',
    ]);
    expect(alicesPurchases.items).toEqual([]);
    expect(alicesStatements.items).toEqual([]);
  });
});

/** A cursor's position (the store's base64url JSON) with some fields changed, its seal kept. */
const forgedPosition = (cursor: string, fields: Record<string, unknown>): string => {
  const [position = '', seal = ''] = cursor.split('.');
  const decoded = JSON.parse(Buffer.from(position, 'base64url').toString('utf8')) as Record<string, unknown>;
  return `${encodeJsonCursor({ ...decoded, ...fields })}.${seal}`;
};

describe('every list cursor is one kippu handed out, for this caller and this query', () => {
  it('refuses an account history cursor whose running balance or start was changed, and one of another list or caller', async () => {
    // Prepare
    const { alice, asAgent } = await setUp();
    must(
      await asAgent.POST('/v1/customers/{id}/topups', {
        params: { path: { id: alice.id } },
        body: { amountMinor: 300, currency: 'JPY', reference: uniqueId('receipt') },
      }),
    );
    const asOperator = api.client(operator);
    const asOtherOperator = api.client(await api.tokenFor('operator', 'op-reads-other'));
    const asAlice = api.client(await api.tokenFor('customer', alice.id));
    const path = { id: walletOf(alice) };
    const first = must(await asOperator.GET('/v1/accounts/{id}/entries', { params: { path, query: { limit: 1 } } }));
    const mine = must(
      await asAlice.GET('/v1/me/accounts/{accountId}/entries', {
        params: { path: { accountId: walletOf(alice) }, query: { limit: 1 } },
      }),
    );
    const cursor = first.nextCursor ?? '';
    const entries = (query: { cursor: string }, client = asOperator) =>
      client.GET('/v1/accounts/{id}/entries', { params: { path, query: { limit: 1, ...query } } });

    // Act
    const second = await entries({ cursor });
    const richer = await entries({ cursor: forgedPosition(cursor, { postedMinor: '123456789' }) });
    const skipping = await entries({ cursor: forgedPosition(cursor, { afterSortKey: '~' }) });
    const otherOperator = await entries({ cursor }, asOtherOperator);
    const ownRicher = await asAlice.GET('/v1/me/accounts/{accountId}/entries', {
      params: {
        path: { accountId: walletOf(alice) },
        query: { cursor: forgedPosition(mine.nextCursor ?? '', { postedMinor: '123456789' }) },
      },
    });
    const operatorsOnOwn = await asAlice.GET('/v1/me/accounts/{accountId}/entries', {
      params: { path: { accountId: walletOf(alice) }, query: { cursor } },
    });

    // Assess
    expect([second.response.status, second.data?.items.map((entry) => entry.postedBalanceAfter)]).toEqual([200, [1_500]]);
    expect(second.data?.nextCursor).toBeUndefined();
    for (const refused of [richer, skipping, otherOperator, ownRicher, operatorsOnOwn]) {
      expect([refused.response.status, refused.error?.code]).toEqual([400, 'INVALID_CURSOR']);
    }
  });

  it('refuses a well-formed purchases cursor kippu did not hand out', async () => {
    // Prepare
    const { alice } = await setUp();
    const asAlice = api.client(await api.tokenFor('customer', alice.id));
    const forged = encodeJsonCursor({ customerId: alice.id, after: '2099-01-01T00:00:00.000Z#pur_zzz' });

    // Act
    const listed = await asAlice.GET('/v1/purchases', { params: { query: { cursor: forged } } });
    const sealedLooking = await asAlice.GET('/v1/purchases', { params: { query: { cursor: `${forged}.${'A'.repeat(22)}` } } });

    // Assess
    expect([listed.response.status, listed.error?.code]).toEqual([400, 'INVALID_CURSOR']);
    expect([sealedLooking.response.status, sealedLooking.error?.code]).toEqual([400, 'INVALID_CURSOR']);
  });
});
