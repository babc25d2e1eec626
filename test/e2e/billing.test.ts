import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapLocalResources } from '../../scripts/local/bootstrap';
import { fireDueCronSchedule, localCron } from '../../scripts/local/scheduler';
import { runIdForSchedule } from '../../shared/domain/billing/ids';
import { cronSchedules } from '../../shared/resources/schedules';
import { verifyStatement } from '../../shared/domain/billing/verify';
import { localClock, okBody, pollAnswer, startTestApi, uniqueId, type ApiAnswer, type TestApi } from '../fixtures/api';
import { npxKippu } from '../fixtures/cli';

/**
 * Billing as a black box over HTTP: purchases made now, the local test clock advanced past
 * the end of the month, a run for that month started through the API, its coordinator and
 * workers fed by the runtime's SQS poller, its statements read and verified offline.
 *
 * The test clock is process-wide, so this file runs in a stage of its own (its own tables,
 * queues and keys): other test files' purchases, and their clocks, never meet it.
 */
interface Party {
  id: string;
}
interface Run {
  id: string;
  period: string;
  status: 'running' | 'completed' | 'failed';
  progress: { partiesTotal: number; partiesDone: number; partiesFailed: number };
  reconciliation?: { ok: boolean; mismatches: string[] };
}
interface Statement {
  id: string;
  partyId: string;
  period: string;
  kind: string;
  currency: string;
  totals: Record<string, unknown>;
  lines: Record<string, unknown>[];
  token: string;
}

const DAY_SECONDS = 86_400;

/** The issuer the stage's API signs with (bootstrapLocalResources sets it). */
const issuerOf = (): string => process.env.KIPPU_ISSUER ?? '';
let api: TestApi;
let operator: string;

beforeAll(async () => {
  const stage = `bill${randomBytes(4).toString('hex')}`;
  Object.assign(process.env, await bootstrapLocalResources({}, stage));
  api = await startTestApi(stage);
  operator = await api.tokenFor('operator', 'op-billing');
}, 120_000);
afterAll(async () => api.close());

const ok = okBody;
const poll = pollAnswer;
const clock = (advanceSeconds?: number) => localClock(api, advanceSeconds);

const monthOf = (iso: string): string => iso.slice(0, 7);
const secondsUntilNextMonth = (iso: string): number => {
  const now = new Date(iso);
  return Math.ceil((Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) - now.getTime()) / 1000);
};

const setUpMonth = async () => {
  // Buy well inside a month: near its end, move the clock into the next one first.
  const before = await clock();
  if (secondsUntilNextMonth(before.now) < 3_600) await clock(secondsUntilNextMonth(before.now) + 3_600);
  const provider = await ok(
    api.call<Party>('POST', '/v1/providers', {
      token: operator,
      body: { name: 'Harbour Cams', proxySettlement: { trusted: true }, platformFeeBps: 1_000 },
    }),
  );
  const agent = await ok(api.call<Party>('POST', '/v1/agents', { token: operator, body: { name: 'Carrier One', feeBps: 500 } }));
  const carrierCustomer = await ok(
    api.call<Party>('POST', '/v1/customers', {
      token: operator,
      body: { name: 'Aiko', carrier: { agentId: agent.id, creditLimitMinor: 50_000 } },
    }),
  );
  const walletCustomer = await ok(api.call<Party>('POST', '/v1/customers', { token: operator, body: { name: 'Ren' } }));
  await ok(
    api.call('POST', `/v1/customers/${walletCustomer.id}/topups`, {
      token: await api.tokenFor('agent', agent.id),
      body: { amountMinor: 10_000, currency: 'JPY', reference: uniqueId('receipt') },
    }),
  );
  const offer = await ok(
    api.call<{ id: string }>('POST', '/v1/offers', {
      token: await api.tokenFor('provider', provider.id),
      body: {
        providerId: provider.id,
        title: 'Harbour live camera',
        resource: 'server-1/stream-7',
        priceMinor: 1_000,
        currency: 'JPY',
        validitySeconds: 3_600,
        capabilities: ['image'],
      },
    }),
  );
  return { provider, agent, carrierCustomer, walletCustomer, offer, month: monthOf((await clock()).now) };
};

const buyAndSettle = async (customer: Party, offerId: string) => {
  const token = await api.tokenFor('customer', customer.id);
  const purchase = await ok(
    api.call<{ id: string; route: string }>('POST', '/v1/purchases', {
      token,
      headers: { 'idempotency-key': uniqueId('key') },
      body: { offerId },
    }),
  );
  const settled = await poll(
    () => api.call<{ status: string }>('GET', `/v1/purchases/${purchase.id}`, { token }),
    (answer) => answer.body.status === 'settled',
  );
  expect(settled.body.status).toBe('settled');
  return purchase;
};

const runMonth = async (month: string): Promise<Run> => {
  const started = await api.call<Run>('POST', '/v1/billing-runs', {
    token: operator,
    headers: { 'idempotency-key': uniqueId('run') },
    body: { period: month },
  });
  expect(started.status).toBe(201);
  expect(started.body).toMatchObject({
    period: month,
    status: 'running',
    progress: { partiesTotal: 0, partiesDone: 0, partiesFailed: 0 },
  });
  const finished = await poll(
    () => ok(api.call<Run>('GET', `/v1/billing-runs/${started.body.id}`, { token: operator })),
    (run) => run.status !== 'running',
  );
  return finished;
};

const statementsOf = async (token: string, partyId: string, month: string) =>
  ok(
    api.call<{ items: Statement[]; nextCursor?: string }>('GET', `/v1/statements?partyId=${partyId}&period=${month}`, {
      token,
    }),
  );

const previousMonth = (month: string): string => {
  const [year = 0, index = 0] = month.split('-').map(Number);
  return new Date(Date.UTC(year, index - 2, 1)).toISOString().slice(0, 7);
};

const postedOf = async (accountId: string): Promise<number> =>
  (
    await ok(
      api.call<{ balances: { posted: number } }>('GET', `/v1/accounts/${encodeURIComponent(accountId)}`, { token: operator }),
    )
  ).balances.posted;

describe('billing a month on the local runtime, as a black box', () => {
  let world: Awaited<ReturnType<typeof setUpMonth>>;
  let run: Run;
  /** A provider that sold nothing: only the operator moved money on its revenue account. */
  let goodwill: Party;
  /** Refused first runs, asked before the first run of this (fresh) stage. */
  let strayFirst: { early: ApiAnswer<unknown>; empty: ApiAnswer<unknown> };
  /** A kiosk at 2.5 % that topped up the wallet customer: its fee is on its agent statement. */
  let kiosk: Party;

  beforeAll(async () => {
    world = await setUpMonth();
    kiosk = await ok(
      api.call<Party>('POST', '/v1/agents', { token: operator, body: { name: 'Station Kiosk', feeBps: 0, topUpFeeBps: 250 } }),
    );
    await ok(
      api.call('POST', `/v1/customers/${world.walletCustomer.id}/topups`, {
        token: await api.tokenFor('agent', kiosk.id),
        body: { amountMinor: 2_001, currency: 'JPY', reference: uniqueId('kiosk-receipt') },
      }),
    );
    await buyAndSettle(world.carrierCustomer, world.offer.id);
    const refunded = await buyAndSettle(world.walletCustomer, world.offer.id);
    await buyAndSettle(world.walletCustomer, world.offer.id);
    await ok(
      api.call('POST', `/v1/purchases/${refunded.id}/refund`, { token: await api.tokenFor('provider', world.provider.id) }),
    );
    goodwill = await ok(
      api.call<Party>('POST', '/v1/providers', {
        token: operator,
        body: { name: 'Goodwill Radio', proxySettlement: { trusted: false }, platformFeeBps: 1_000 },
      }),
    );
    const ops = await ok(
      api.call<Party>('POST', '/v1/accounts', { token: operator, body: { id: `${uniqueId('ops')}:JPY`, currency: 'JPY' } }),
    );
    const revenue = `revenue:${goodwill.id}:JPY`;
    for (const [id, debitAccountId, creditAccountId, amountMinor] of [
      ['fee-rebate', 'platform-fees:JPY', revenue, 500],
      ['credit', ops.id, revenue, 40],
      ['fee-charge', revenue, 'platform-fees:JPY', 70],
      ['from-wallet', `wallet:${world.walletCustomer.id}:JPY`, revenue, 25],
    ] as const) {
      await ok(
        api.call('POST', '/v1/transfers', {
          token: operator,
          body: { id: uniqueId(id), debitAccountId, creditAccountId, amountMinor, currency: 'JPY', reference: `goodwill ${id}` },
        }),
      );
    }
    expect((await api.call('POST', '/v1/billing-runs', { token: operator, body: { period: world.month } })).status).toBe(409);
    const now = await clock();
    await clock(secondsUntilNextMonth(now.now) + DAY_SECONDS);
    strayFirst = {
      early: await api.call('POST', '/v1/billing-runs', { token: operator, body: { period: '2000-01' } }),
      empty: await api.call('POST', '/v1/billing-runs', { token: operator, body: { period: previousMonth(world.month) } }),
    };
    run = await runMonth(world.month);
  }, 240_000);

  it('refuses a stray first run for a month without activity that is not the last closed one, opening nothing', async () => {
    expect(strayFirst.early).toMatchObject({ status: 409, body: { code: 'PERIOD_WITHOUT_ACTIVITY' } });
    expect(strayFirst.empty).toMatchObject({ status: 409, body: { code: 'PERIOD_WITHOUT_ACTIVITY' } });
    // Billing opened at the month with activity instead; an earlier month is now before its start.
    expect(run.status).toBe('completed');
    const early = await api.call('POST', '/v1/billing-runs', { token: operator, body: { period: '2000-01' } });
    expect(early).toMatchObject({ status: 409, body: { code: 'PERIOD_BEFORE_BILLING_START' } });
  });

  it('completes a run for the month once the test clock passed its end, and its reconciliation holds', () => {
    // Two customers, two providers, the carrier (its fee on the carrier-route sale) and the kiosk (its top-up fee).
    expect(run).toMatchObject({
      status: 'completed',
      progress: { partiesTotal: 6, partiesDone: 6, partiesFailed: 0 },
      reconciliation: { ok: true, mismatches: [] },
    });
  });

  it('gives each agent its own statement of what it earned, paid out, verifiable offline; another agent, a provider or a customer is told it does not exist', async () => {
    // The carrier reads its statement: its fee on the carrier-route sale, paid out.
    const carrierToken = await api.tokenFor('agent', world.agent.id);
    const carrier = await statementsOf(carrierToken, world.agent.id, world.month);
    expect(carrier.items).toHaveLength(1);
    expect(carrier.items[0]).toMatchObject({ kind: 'agent_statement', partyId: world.agent.id, period: world.month });
    expect(carrier.items[0]?.totals).toEqual({
      carrierFeesMinor: 50,
      carrierFeeRefundsMinor: 0,
      topUpFeesMinor: 0,
      adjustmentsMinor: 0,
      netPayoutMinor: 50,
      openingBalanceMinor: 0,
      closingBalanceMinor: 0,
    });
    expect(carrier.items[0]?.lines.map(({ kind, amountMinor }) => ({ kind, amountMinor }))).toEqual([
      { kind: 'carrier_fee', amountMinor: 50 },
      { kind: 'payout', amountMinor: -50 },
    ]);
    expect(await postedOf(`agent-fees:${world.agent.id}:JPY`)).toBe(0);
    // The kiosk's: 2.5 % of 2,001 rounded down.
    const kioskToken = await api.tokenFor('agent', kiosk.id);
    const [kioskStatement] = (await statementsOf(kioskToken, kiosk.id, world.month)).items;
    expect(kioskStatement?.lines.map(({ kind, amountMinor }) => ({ kind, amountMinor }))).toEqual([
      { kind: 'topup_fee', amountMinor: 50 },
      { kind: 'payout', amountMinor: -50 },
    ]);
    // Nobody else sees the carrier's statement.
    const id = carrier.items[0]?.id ?? '';
    expect((await api.call('GET', `/v1/statements/${id}`, { token: kioskToken })).status).toBe(404);
    expect((await api.call('GET', `/v1/statements?partyId=${world.agent.id}`, { token: kioskToken })).status).toBe(404);
    expect(
      (await api.call('GET', `/v1/statements/${id}`, { token: await api.tokenFor('provider', world.provider.id) })).status,
    ).toBe(404);
    expect(
      (await api.call('GET', `/v1/statements/${id}`, { token: await api.tokenFor('customer', world.carrierCustomer.id) })).status,
    ).toBe(404);
    expect((await statementsOf(operator, world.agent.id, world.month)).items.map((item) => item.id)).toEqual([id]);
    // Served as stored, signed like a provider's statement: it verifies with the library and the CLI.
    const json = await api.call('GET', `/v1/statements/${id}`, { token: carrierToken });
    const csv = await api.call('GET', `/v1/statements/${id}?format=csv`, { token: carrierToken });
    expect(csv.text.split('\r\n')[0]).toBe(
      'statementId,period,currency,line,date,kind,reference,offerId,channelId,amountMinor,carriedForward,transferId',
    );
    const jwks = await ok(api.call<JSONWebKeySet>('GET', '/.well-known/jwks.json'));
    expect(await verifyStatement(json.text, { jwks, csv: csv.text, issuer: process.env.KIPPU_ISSUER ?? '' })).toMatchObject({
      ok: true,
    });
    const directory = await mkdtemp(join(tmpdir(), 'kippu-agent-statement-'));
    const jsonFile = join(directory, 'statement.json');
    const csvFile = join(directory, 'statement.csv');
    await writeFile(jsonFile, json.text);
    await writeFile(csvFile, csv.text);
    const verified = await npxKippu([
      'statements',
      'verify',
      jsonFile,
      '--jwks',
      `${api.url}/.well-known/jwks.json`,
      '--iss',
      issuerOf(),
      '--csv',
      csvFile,
    ]);
    expect(verified.code, verified.stderr).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({
      valid: true,
      claims: { jti: id, kind: 'agent_statement', sub: world.agent.id },
    });
    const tampered = json.text.replace('"netPayoutMinor":50', '"netPayoutMinor":51');
    expect(tampered).not.toBe(json.text);
    expect(await verifyStatement(tampered, { issuer: process.env.KIPPU_ISSUER ?? '', jwks })).toMatchObject({
      ok: false,
      reason: 'DIGEST_MISMATCH',
    });
  });

  it('bills exactly: the provider is paid gross − fees − refunds, each customer sees its charges per route', async () => {
    const provider = await statementsOf(await api.tokenFor('provider', world.provider.id), world.provider.id, world.month);
    expect(provider.items).toHaveLength(1);
    expect(provider.nextCursor).toBeUndefined();
    expect(provider.items[0]?.totals).toEqual({
      grossMinor: 3_000,
      platformFeesMinor: 200,
      carrierFeesMinor: 50,
      refundsMinor: 1_000,
      adjustmentsMinor: 0,
      netPayoutMinor: 1_750,
      openingBalanceMinor: 0,
      closingBalanceMinor: 0,
    });
    const billOf = async (customer: Party) =>
      (await statementsOf(await api.tokenFor('customer', customer.id), customer.id, world.month)).items[0];
    const carrier = await billOf(world.carrierCustomer);
    expect(carrier?.totals).toEqual({
      chargesMinor: 1_000,
      refundsMinor: 0,
      totalMinor: 1_000,
      byRoute: { carrier: 1_000, wallet: 0 },
    });
    expect(carrier?.lines.map((line) => line.kind)).toEqual(['charge', 'collection']);
    expect((await billOf(world.walletCustomer))?.totals).toEqual({
      chargesMinor: 2_000,
      refundsMinor: 1_000,
      totalMinor: 1_000,
      byRoute: { carrier: 0, wallet: 1_000 },
    });
  });

  it("states an operator's transfers on a revenue account as adjustments, never as sales or fees, and bills no charge for them", async () => {
    const [statement] = (await statementsOf(operator, goodwill.id, world.month)).items;
    expect(statement?.totals).toEqual({
      grossMinor: 0,
      platformFeesMinor: 0,
      carrierFeesMinor: 0,
      refundsMinor: 0,
      adjustmentsMinor: 500 + 40 - 70 + 25,
      netPayoutMinor: 500 + 40 - 70 + 25,
      openingBalanceMinor: 0,
      closingBalanceMinor: 0,
    });
    expect(
      statement?.lines.map(({ kind, grossMinor, platformFeeMinor, netMinor }) => ({
        kind,
        grossMinor,
        platformFeeMinor,
        netMinor,
      })),
    ).toEqual([
      { kind: 'adjustment', grossMinor: 0, platformFeeMinor: 0, netMinor: 500 },
      { kind: 'adjustment', grossMinor: 0, platformFeeMinor: 0, netMinor: 40 },
      { kind: 'adjustment', grossMinor: 0, platformFeeMinor: 0, netMinor: -70 },
      { kind: 'adjustment', grossMinor: 0, platformFeeMinor: 0, netMinor: 25 },
      { kind: 'payout', grossMinor: 0, platformFeeMinor: 0, netMinor: -495 },
    ]);
    // The wallet customer's bill (checked exactly above) has no charge for the 25 the operator moved.
  });

  it('serves statements that verify offline with the published keys, and their CSV too', async () => {
    const token = await api.tokenFor('provider', world.provider.id);
    const [listed] = (await statementsOf(token, world.provider.id, world.month)).items;
    const json = await api.call('GET', `/v1/statements/${listed?.id ?? ''}`, { token });
    const csv = await api.call('GET', `/v1/statements/${listed?.id ?? ''}?format=csv`, { token });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const jwks = await ok(api.call<JSONWebKeySet>('GET', '/.well-known/jwks.json'));
    expect(await verifyStatement(json.text, { jwks, csv: csv.text, issuer: process.env.KIPPU_ISSUER ?? '' })).toMatchObject({
      ok: true,
    });
    const tampered = json.text.replace('"netPayoutMinor":1750', '"netPayoutMinor":1751');
    expect(await verifyStatement(tampered, { issuer: process.env.KIPPU_ISSUER ?? '', jwks })).toMatchObject({
      ok: false,
      reason: 'DIGEST_MISMATCH',
    });
  });

  it("shows a party only its own statements: another customer's bill is not found", async () => {
    const owner = await api.tokenFor('customer', world.carrierCustomer.id);
    const [bill] = (await statementsOf(owner, world.carrierCustomer.id, world.month)).items;
    const other = await api.tokenFor('customer', world.walletCustomer.id);
    expect((await api.call('GET', `/v1/statements/${bill?.id ?? ''}`, { token: other })).status).toBe(404);
    expect((await api.call('GET', `/v1/statements?partyId=${world.carrierCustomer.id}`, { token: other })).status).toBe(404);
    const provider = await api.tokenFor('provider', world.provider.id);
    expect((await api.call('GET', `/v1/statements/${bill?.id ?? ''}`, { token: provider })).status).toBe(404);
    expect((await api.call('GET', '/v1/statements?cursor=bm90LW91cnM', { token: owner })).status).toBe(400);
  });

  it('answers a rerun of the month with the same bytes, signatures included', async () => {
    const token = await api.tokenFor('provider', world.provider.id);
    const [listed] = (await statementsOf(token, world.provider.id, world.month)).items;
    const before = await api.call('GET', `/v1/statements/${listed?.id ?? ''}`, { token });
    const rerun = await runMonth(world.month);
    const after = await api.call('GET', `/v1/statements/${listed?.id ?? ''}`, { token });
    expect(rerun.status).toBe('completed');
    expect(after.text).toBe(before.text);
  });

  it('runs a month with `npx kippu billing run` and its progress bar, and verifies a downloaded statement with the CLI', async () => {
    const ran = await npxKippu([
      'billing',
      'run',
      '--period',
      world.month,
      '--api',
      api.url,
      '--token',
      operator,
      '--interval',
      '0.2',
    ]);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stderr).toContain(`[${'#'.repeat(30)}] 6/6 parties (0 failed) completed`);
    expect(JSON.parse(ran.stdout)).toMatchObject({ period: world.month, status: 'completed' });

    const token = await api.tokenFor('provider', world.provider.id);
    const [listed] = (await statementsOf(token, world.provider.id, world.month)).items;
    const directory = await mkdtemp(join(tmpdir(), 'kippu-statement-'));
    const jsonFile = join(directory, 'statement.json');
    const csvFile = join(directory, 'statement.csv');
    await writeFile(jsonFile, (await api.call('GET', `/v1/statements/${listed?.id ?? ''}`, { token })).text);
    await writeFile(csvFile, (await api.call('GET', `/v1/statements/${listed?.id ?? ''}?format=csv`, { token })).text);
    const jwks = `${api.url}/.well-known/jwks.json`;
    const verified = await npxKippu(['statements', 'verify', jsonFile, '--jwks', jwks, '--iss', issuerOf(), '--csv', csvFile]);
    expect(verified.code, verified.stderr).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ valid: true, claims: { jti: listed?.id, kind: 'provider_statement' } });
    await writeFile(csvFile, 'tampered');
    const rejected = await npxKippu(['statements', 'verify', jsonFile, '--jwks', jwks, '--iss', issuerOf(), '--csv', csvFile]);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toMatch(/^rejected: CSV_DIGEST_MISMATCH/);
  });

  it("refuses a carrier's report naming another carrier's customer or an unbilled currency, or for a party that is no billed carrier, moving no money", async () => {
    // Prepare: a second carrier B2 with a customer C3 of its own (A's bills asked nothing of C3).
    const other = await ok(
      api.call<Party>('POST', '/v1/agents', { token: operator, body: { name: 'Carrier Two', feeBps: 200 } }),
    );
    const c3 = await ok(
      api.call<Party>('POST', '/v1/customers', {
        token: operator,
        body: { name: 'Sora', carrier: { agentId: other.id, creditLimitMinor: 5_000 } },
      }),
    );
    const accounts = [
      `carrier:${c3.id}:JPY`,
      `carrier:${world.carrierCustomer.id}:JPY`,
      `agent-cash:${world.agent.id}:JPY`,
      `agent-cash:${other.id}:JPY`,
    ];
    const balances = () => Promise.all(accounts.map(postedOf));
    const before = await balances();
    const post = (rows: string[], agentId = world.agent.id) =>
      api.call<{ code: string; errors?: { field: string }[] }>(
        'POST',
        `/v1/billing-runs/${run.id}/remittances?agentId=${agentId}`,
        {
          token: operator,
          rawBody: ['customerId,currency,remittedMinor', ...rows, ''].join('\r\n'),
          headers: { 'content-type': 'text/csv' },
        },
      );
    const c1 = world.carrierCustomer.id;

    // Act
    const otherCarriers = await post([`${c3.id},JPY,500`]);
    const unbilledCurrency = await post([`${c1},USD,900`]);
    const mixed = await post([`${c1},JPY,900`, `${c3.id},JPY,500`]);
    const unknownAgent = await post([], 'agt_nobody');
    const provider = await post([], world.provider.id);
    const notBilled = await post([], other.id);
    const strayQuote = await post([`${c1},JPY,9"00`]);
    const negative = await post([`${c1},JPY,-1`]);
    const tooLarge = await post([`${c1},JPY,9007199254740993`]);

    // Assess: every report is refused whole, naming its rows; no money moved.
    expect(otherCarriers).toMatchObject({
      status: 422,
      body: { code: 'REMITTANCE_NOT_BILLED', errors: [{ field: 'line 2.customerId' }] },
    });
    expect(unbilledCurrency).toMatchObject({
      status: 422,
      body: { code: 'REMITTANCE_NOT_BILLED', errors: [{ field: 'line 2.customerId' }] },
    });
    expect(mixed).toMatchObject({
      status: 422,
      body: { code: 'REMITTANCE_NOT_BILLED', errors: [{ field: 'line 3.customerId' }] },
    });
    expect(unknownAgent).toMatchObject({ status: 404, body: { code: 'AGENT_NOT_FOUND' } });
    expect(provider).toMatchObject({ status: 404, body: { code: 'AGENT_NOT_FOUND' } });
    expect(notBilled).toMatchObject({ status: 422, body: { code: 'NO_COLLECTIONS_BILLED' } });
    expect(strayQuote).toMatchObject({
      status: 422,
      body: {
        code: 'VALIDATION_FAILED',
        detail:
          'The report is not RFC 4180 CSV: line 2 has a quote inside a field that does not start with one (such a field is quoted, its quotes doubled).',
        errors: [{ field: 'line 2.row' }],
      },
    });
    expect(negative).toMatchObject({
      status: 422,
      body: {
        code: 'VALIDATION_FAILED',
        errors: [{ field: 'line 2.remittedMinor', message: expect.stringMatching(/^must not be negative/) }],
      },
    });
    expect(tooLarge).toMatchObject({
      status: 422,
      body: {
        code: 'VALIDATION_FAILED',
        errors: [{ field: 'line 2.remittedMinor', message: 'must be at most 9007199254740991 (2^53 − 1)' }],
      },
    });
    expect(await balances()).toEqual(before);
    // Nothing was stored: the next test imports A's corrected report as a new import (201).
  });

  it("imports the carrier's remittance report: accepted (202), posted by the billing worker, the same report again (also at once) is the same import", async () => {
    // RFC 4180 as a spreadsheet writes it: every field quoted, no line break after the last row.
    const csv = `"customerId","currency","remittedMinor"\r\n"${world.carrierCustomer.id}","JPY","900"`;
    const path = `/v1/billing-runs/${run.id}/remittances?agentId=${world.agent.id}`;
    const importPath = `/v1/billing-runs/${run.id}/remittances/${world.agent.id}`;
    const post = (key?: string) =>
      api.call<Record<string, unknown>>('POST', path, {
        token: operator,
        rawBody: csv,
        headers: { 'content-type': 'text/csv', ...(key === undefined ? {} : { 'idempotency-key': key }) },
      });
    // The same report three times at once, each under its own key: one import creates it (202),
    // the others answer it as stored (200).
    const keys = ['remit-a', 'remit-b', 'remit-c'];
    const racing = await Promise.all(keys.map((key) => post(key)));
    const first = racing.find((answer) => answer.status === 202);
    if (first === undefined) throw new Error('no import answered 202');
    expect(racing.map((answer) => answer.status).sort()).toEqual([200, 200, 202]);
    expect(first.headers.get('location')).toBe(importPath);
    expect(first.body).toMatchObject({
      runId: run.id,
      period: world.month,
      agentId: world.agent.id,
      matched: 0,
      differenceCount: 1,
    });
    expect(first.body).not.toHaveProperty('differences');
    const completed = await poll(
      () => ok(api.call<Record<string, unknown>>('GET', importPath, { token: operator })),
      (found) => found['status'] === 'completed',
    );
    expect(completed).toMatchObject({
      adjusted: 1,
      chunksDone: 1,
      totals: [{ currency: 'JPY', shortfallMinor: 100, surplusMinor: 0 }],
    });
    const differences = await ok(
      api.call<{ items: Record<string, unknown>[]; nextCursor?: string }>('GET', `${importPath}/differences`, {
        token: operator,
      }),
    );
    expect(differences.items).toEqual([
      {
        customerId: world.carrierCustomer.id,
        currency: 'JPY',
        billedMinor: 1_000,
        remittedMinor: 900,
        differenceMinor: -100,
        outcome: 'adjusted',
        transferId: expect.stringMatching(/^trf_/),
      },
    ]);
    const again = await post();
    expect(again.status).toBe(200);
    // Byte for byte: the import as stored, as GET reads it.
    const read = await api.call('GET', importPath, { token: operator });
    expect(again.text).toBe(read.text);
    // Every key replays the import as it stands now, also a key whose first answer was a 200 (probe AH1).
    for (const key of keys) {
      const replayed = await post(key);
      expect(replayed.status).toBe(200);
      expect(replayed.headers.get('idempotent-replayed')).toBe('true');
      expect(replayed.text).toBe(read.text);
    }
    expect((await api.call('POST', path, { token: operator, body: { csv } })).status).toBe(415);
  });

  it("starts the next month's run from the monthly schedule once the test clock passes its time", async () => {
    const now = await clock();
    const afterMs = Date.parse(now.now);
    const moved = await clock(secondsUntilNextMonth(now.now) + 3 * 3_600);
    const schedule = cronSchedules.find((each) => each.id === 'billingMonthly');
    if (schedule === undefined) throw new Error('no monthly billing schedule');
    const firedMs = await fireDueCronSchedule(schedule, localCron(schedule), afterMs, Date.parse(moved.now));
    expect(firedMs).toBeDefined();
    const scheduledAt = new Date(firedMs ?? 0).toISOString();
    const nextMonth = monthOf(new Date(Date.parse(now.now)).toISOString());
    const runId = runIdForSchedule(nextMonth, scheduledAt);
    const scheduled = await poll(
      () => ok(api.call<Run>('GET', `/v1/billing-runs/${runId}`, { token: operator })),
      (found) => found.status !== 'running',
    );
    expect(scheduled).toMatchObject({ period: nextMonth, status: 'completed' });
    // The operator finds the scheduled run by its month (probe n F2).
    const listed = await ok(
      api.call<{ items: Run[]; nextCursor?: string }>('GET', `/v1/billing-runs?period=${nextMonth}`, { token: operator }),
    );
    expect(listed.items.map((found) => [found.id, found.status])).toEqual([[runId, 'completed']]);
    expect(listed.nextCursor).toBeUndefined();
    const bills = await statementsOf(operator, world.carrierCustomer.id, nextMonth);
    expect(bills.items[0]?.lines.map((line) => [line.kind, line.amountMinor])).toEqual([
      ['adjustment', 100],
      ['collection', 100],
    ]);
  });

  it("lists a month's runs newest first, a page at a time, for operators only", async () => {
    const first = await ok(
      api.call<{ items: (Run & { createdAt: string })[]; nextCursor?: string }>(
        'GET',
        `/v1/billing-runs?period=${world.month}&limit=1`,
        { token: operator },
      ),
    );
    const second = await ok(
      api.call<{ items: (Run & { createdAt: string })[]; nextCursor?: string }>(
        'GET',
        `/v1/billing-runs?period=${world.month}&limit=1&cursor=${first.nextCursor ?? ''}`,
        { token: operator },
      ),
    );
    expect(first.items).toHaveLength(1);
    expect(second.items).toHaveLength(1);
    expect(Date.parse(first.items[0]?.createdAt ?? '')).toBeGreaterThanOrEqual(Date.parse(second.items[0]?.createdAt ?? ''));
    expect(second.items[0]?.id).not.toBe(first.items[0]?.id);
    const otherMonth = await api.call(
      'GET',
      `/v1/billing-runs?period=${previousMonth(world.month)}&cursor=${first.nextCursor ?? ''}`,
      {
        token: operator,
      },
    );
    expect(otherMonth).toMatchObject({ status: 400, body: { code: 'INVALID_CURSOR' } });
    const customer = await api.tokenFor('customer', world.walletCustomer.id);
    expect((await api.call('GET', `/v1/billing-runs?period=${world.month}`, { token: customer })).status).toBe(403);
    expect((await api.call('GET', '/v1/billing-runs', { token: operator })).status).toBe(422);
  });

  it('moves the test clock forward only', async () => {
    const now = await clock();
    expect((await api.call('POST', '/local/clock', { body: { advanceSeconds: -1 } })).status).toBe(422);
    expect((await clock()).offsetSeconds).toBe(now.offsetSeconds);
  });
});

describe('a backdated transfer to parties with no statement yet, over HTTP (probe n F1, F4)', () => {
  it('is on their first statements in the next run, the provider paid and the customer billed, and the run reconciles', async () => {
    // Prepare: the months before this one are billed (above). A new provider and a new carrier
    // customer get money dated into the last billed month: a fee rebate, a manual sale.
    const now = await clock();
    const month = monthOf(now.now);
    const billed = previousMonth(month);
    const provider = await ok(
      api.call<Party>('POST', '/v1/providers', {
        token: operator,
        body: { name: 'Late Radio', proxySettlement: { trusted: true }, platformFeeBps: 0 },
      }),
    );
    const agent = await ok(
      api.call<Party>('POST', '/v1/agents', { token: operator, body: { name: 'Carrier Late', feeBps: 200 } }),
    );
    const customer = await ok(
      api.call<Party>('POST', '/v1/customers', {
        token: operator,
        body: { name: 'Kai', carrier: { agentId: agent.id, creditLimitMinor: 5_000 } },
      }),
    );
    const revenue = `revenue:${provider.id}:JPY`;
    for (const [id, debitAccountId, amountMinor, day] of [
      ['rebate', 'platform-fees:JPY', 500, '10'],
      ['manual-sale', `carrier:${customer.id}:JPY`, 700, '15'],
    ] as const) {
      const posted = await api.call('POST', '/v1/transfers', {
        token: operator,
        body: {
          id: uniqueId(id),
          debitAccountId,
          creditAccountId: revenue,
          amountMinor,
          currency: 'JPY',
          code: 'backdated',
          reference: `backdated ${id}`,
          effectiveAt: `${billed}-${day}T00:00:00.000Z`,
        },
      });
      expect(posted.status).toBe(201);
    }
    await clock(secondsUntilNextMonth(now.now) + DAY_SECONDS);

    // Act
    const run = await runMonth(month);

    // Assess
    expect(run).toMatchObject({ status: 'completed', reconciliation: { ok: true, mismatches: [] } });
    const [statement] = (await statementsOf(operator, provider.id, month)).items;
    expect(statement?.totals).toEqual({
      grossMinor: 0,
      platformFeesMinor: 0,
      carrierFeesMinor: 0,
      refundsMinor: 0,
      adjustmentsMinor: 1_200,
      netPayoutMinor: 1_200,
      openingBalanceMinor: 0,
      closingBalanceMinor: 0,
    });
    expect(statement?.lines.map(({ kind, netMinor, carriedForward }) => [kind, netMinor, carriedForward])).toEqual([
      ['adjustment', 500, true],
      ['adjustment', 700, true],
      ['payout', -1_200, false],
    ]);
    const [bill] = (await statementsOf(operator, customer.id, month)).items;
    expect(bill?.lines.map(({ kind, amountMinor }) => [kind, amountMinor])).toEqual([
      ['adjustment', 700],
      ['collection', 700],
    ]);
    expect(await postedOf(revenue)).toBe(0);
    expect(await postedOf(`carrier:${customer.id}:JPY`)).toBe(0);
  });
});
