import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapLocalResources } from '../../scripts/local/bootstrap';
import { runPeriodicSchedule } from '../../scripts/local/scheduler';
import { periodicSchedules } from '../../shared/resources/schedules';
import { localClock, okBody, pollAnswer, startTestApi, uniqueId, type TestApi } from '../fixtures/api';

/**
 * A reconfirmed show whose hold expired before the completion job posted it (the job was down
 * longer than the hold's margin, or a tester moved the local clock days ahead in one step) is
 * still paid for: black box over HTTP, with the local test clock. The clock is process-wide, so
 * this file runs in a stage of its own (its own tables, queues and keys), as the billing one does.
 */
interface Party {
  id: string;
}
interface Reservation {
  id: string;
  status: string;
  endsAt: string;
  settlementProblem?: string;
  lateCaptureTransferId?: string;
}
interface Run {
  id: string;
  status: 'running' | 'completed' | 'failed';
  reconciliation?: { ok: boolean; mismatches: string[] };
}
interface Statement {
  totals: Record<string, unknown>;
  lines: Record<string, unknown>[];
}

const DAY_SECONDS = 86_400;
const FEE_PER_SLOT = 700;
const PRICE = 2 * FEE_PER_SLOT;
/** The provider's platform fee: 10 %. */
const PLATFORM_FEE = 140;

let api: TestApi;
let operator: string;

beforeAll(async () => {
  const stage = `late${randomBytes(4).toString('hex')}`;
  Object.assign(process.env, await bootstrapLocalResources({}, stage));
  api = await startTestApi(stage);
  operator = await api.tokenFor('operator', 'op-late-capture');
}, 120_000);
afterAll(async () => api.close());

const ok = okBody;
const poll = pollAnswer;
const clock = (advanceSeconds?: number) => localClock(api, advanceSeconds);

const secondsUntilNextMonth = (iso: string): number => {
  const now = new Date(iso);
  return Math.ceil((Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) - now.getTime()) / 1000);
};

/** Every periodic schedule once, in their declared order, as the local runtime runs them. */
const letSchedulesRun = async () => {
  for (const schedule of periodicSchedules) await runPeriodicSchedule(schedule.id);
};

const postedOf = async (accountId: string): Promise<number> =>
  (
    await ok(
      api.call<{ balances: { posted: number } }>('GET', `/v1/accounts/${encodeURIComponent(accountId)}`, { token: operator }),
    )
  ).balances.posted;

describe('a reconfirmed show whose hold expired before the completion job ran, on the local runtime', () => {
  let provider: Party;
  let booker: Party;
  let month: string;
  let completed: Reservation;
  /** Posted balances once the show was completed, before billing paid the provider out. */
  let captured: { revenue: number; wallet: number };
  let run: Run;
  /** A failure report and a cancel after the show's deadline, before and after the completion job ran. */
  const lateAnswers: { before: string[]; after: string[] } = { before: [], after: [] };

  beforeAll(async () => {
    // Everything happens inside one month: near its end, move the clock into the next one first.
    const start = await clock();
    if (secondsUntilNextMonth(start.now) < 8 * DAY_SECONDS) await clock(secondsUntilNextMonth(start.now) + 3_600);
    provider = await ok(
      api.call<Party>('POST', '/v1/providers', {
        token: operator,
        body: { name: 'Night Sky Radio', proxySettlement: { trusted: false }, platformFeeBps: 1_000 },
      }),
    );
    const agent = await ok(api.call<Party>('POST', '/v1/agents', { token: operator, body: { name: 'Top-up Desk', feeBps: 0 } }));
    booker = await ok(api.call<Party>('POST', '/v1/customers', { token: operator, body: { name: 'Mio' } }));
    // The wallet holds exactly the price: the late capture must not need the money twice.
    await ok(
      api.call('POST', `/v1/customers/${booker.id}/topups`, {
        token: await api.tokenFor('agent', agent.id),
        body: { amountMinor: PRICE, currency: 'JPY', reference: uniqueId('receipt') },
      }),
    );
    const providerToken = await api.tokenFor('provider', provider.id);
    const bookerToken = await api.tokenFor('customer', booker.id);
    const channel = await ok(
      api.call<{ id: string }>('POST', '/v1/channels', {
        token: providerToken,
        body: { name: 'Stage', capacity: 2, bandwidthKbps: 3_000, feePerSlotMinor: FEE_PER_SLOT, currency: 'JPY' },
      }),
    );
    const now = Date.parse((await clock()).now);
    const slotMs = 600_000;
    const startsAtMs = Math.ceil((now + 7 * 3_600_000) / slotMs) * slotMs;
    const booked = await ok(
      api.call<Reservation>('POST', '/v1/reservations', {
        token: bookerToken,
        body: {
          channelId: channel.id,
          startsAt: new Date(startsAtMs).toISOString(),
          slots: 2,
          title: 'Meteor shower',
          openLevel: 'public',
        },
      }),
    );
    await ok(api.call('POST', `/v1/reservations/${booked.id}/reconfirm`, { token: bookerToken }));
    month = (await clock()).now.slice(0, 7);
    // The schedules ran while kippu was up; then nothing ran until days after the show's end
    // (past the hold's timeout: endsAt + grace + one day), reached in one step.
    await letSchedulesRun();
    const endsAtMs = Date.parse(booked.endsAt);
    await clock(Math.ceil((endsAtMs - Date.parse((await clock()).now)) / 1000) + 3 * DAY_SECONDS);
    const lateCalls = async () => [
      await api.call('POST', `/v1/reservations/${booked.id}/outcome`, {
        token: providerToken,
        body: { outcome: 'failed', reason: 'encoder down' },
      }),
      await api.call('POST', `/v1/reservations/${booked.id}/cancel`, { token: bookerToken }),
    ];
    lateAnswers.before = (await lateCalls()).map((answer) => `${answer.status} ${String(answer.body.code)}`);
    await letSchedulesRun();
    completed = await poll(
      () => ok(api.call<Reservation>('GET', `/v1/reservations/${booked.id}`, { token: bookerToken })),
      (reservation) => reservation.status !== 'confirmed',
    );
    lateAnswers.after = (await lateCalls()).map((answer) => `${answer.status} ${String(answer.body.code)}`);
    captured = {
      revenue: await postedOf(`revenue:${provider.id}:JPY`),
      wallet: await postedOf(`wallet:${booker.id}:JPY`),
    };
    // Bill the month: the clock past its end, a run started through the API.
    await clock(secondsUntilNextMonth((await clock()).now) + DAY_SECONDS);
    const started = await ok(
      api.call<Run>('POST', '/v1/billing-runs', {
        token: operator,
        headers: { 'idempotency-key': uniqueId('run') },
        body: { period: month },
      }),
    );
    run = await poll(
      () => ok(api.call<Run>('GET', `/v1/billing-runs/${started.id}`, { token: operator })),
      (found) => found.status !== 'running',
    );
  }, 240_000);

  it('completes the show and captures its price late, with no settlement problem', () => {
    expect(completed).toMatchObject({ status: 'completed' });
    expect(completed.lateCaptureTransferId).toMatch(/^trf_/);
    expect(completed.settlementProblem).toBeUndefined();
  });

  it('answers a failure report and a cancel after the deadline 409 SHOW_ENDED from the clock alone, before and after the job ran', () => {
    expect(lateAnswers.before).toEqual(['409 SHOW_ENDED', '409 SHOW_ENDED']);
    expect(lateAnswers.after).toEqual(lateAnswers.before);
  });

  it("credits the provider's revenue with the price less the platform fee, and debits the wallet once", async () => {
    expect(captured).toEqual({ revenue: PRICE - PLATFORM_FEE, wallet: 0 });
    const capture = await ok(
      api.call<{ kind: string; amountMinor: number; reference: string }>(
        'GET',
        `/v1/transfers/${completed.lateCaptureTransferId ?? ''}`,
        { token: operator },
      ),
    );
    expect(capture).toMatchObject({ kind: 'single', amountMinor: PRICE, reference: completed.id });
  });

  it("states the show as the provider's sale with its fee and pays it out, bills the booker for it, and the run reconciles", async () => {
    expect(run).toMatchObject({ status: 'completed', reconciliation: { ok: true, mismatches: [] } });
    const statements = await ok(
      api.call<{ items: Statement[] }>('GET', `/v1/statements?partyId=${provider.id}&period=${month}`, {
        token: await api.tokenFor('provider', provider.id),
      }),
    );
    expect(statements.items[0]?.totals).toMatchObject({
      grossMinor: PRICE,
      platformFeesMinor: PLATFORM_FEE,
      carrierFeesMinor: 0,
      refundsMinor: 0,
      adjustmentsMinor: 0,
      netPayoutMinor: PRICE - PLATFORM_FEE,
    });
    expect(statements.items[0]?.lines.map((line) => line.kind)).toEqual(['sale', 'payout']);
    expect(await postedOf(`revenue:${provider.id}:JPY`)).toBe(0);
    const bills = await ok(
      api.call<{ items: Statement[] }>('GET', `/v1/statements?partyId=${booker.id}&period=${month}`, {
        token: await api.tokenFor('customer', booker.id),
      }),
    );
    expect(bills.items[0]?.totals).toMatchObject({ chargesMinor: PRICE, refundsMinor: 0 });
  });
});
