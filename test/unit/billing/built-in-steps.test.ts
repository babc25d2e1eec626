import { describe, expect, it } from 'vitest';
import { LocalKeyJwsSigner } from '../../../shared/adapters/memory/tickets';
import type { MemoryStatementStore } from '../../../shared/adapters/memory/billing';
import { billedAccountsOf } from '../../../shared/domain/billing/accounts';
import { buildAgentStatement } from '../../../shared/domain/billing/agent-statement';
import { buildCustomerBill } from '../../../shared/domain/billing/customer-bill';
import { statementIdFor } from '../../../shared/domain/billing/ids';
import { parsePeriod } from '../../../shared/domain/billing/period';
import type { StatementMessage } from '../../../shared/domain/billing/ports';
import { buildProviderStatement } from '../../../shared/domain/billing/provider-statement';
import { stepEntriesOf } from '../../../shared/domain/billing/statement-build';
import { positionOf } from '../../../shared/domain/billing/statement-job';
import type { RunRecord, StatementBody } from '../../../shared/domain/billing/types';
import { verifyStatement } from '../../../shared/domain/billing/verify';
import { readWindow } from '../../../shared/domain/billing/window';
import { refundPurchase } from '../../../shared/domain/purchases/refund';
import { providerPayoutsAccountId } from '../../../shared/domain/billing/accounts';
import { coordinateRun } from '../../../shared/domain/billing/coordinator';
import { startRun } from '../../../shared/domain/billing/runs';
import { processStatementBatch } from '../../../shared/domain/billing/statement-worker';
import { agentFeeAccountId, customerCarrierAccountId, providerRevenueAccountId } from '../../../shared/domain/parties/accounts';
import { makeBillingWorld, type BillingWorld } from '../../fixtures/billing-world';
import { WORLD_ISSUER } from '../../fixtures/purchases-world';
import { NOVEMBER_RUN_MS, OCTOBER_RUN_MS, setUpParties, type Parties } from '../../fixtures/billing-scenario';

/**
 * Statements built across messages (statement-build.ts): with pages of 2 lines, a statement
 * message reads at most 8 ledger entries, so every statement of these generated months with more
 * is scanned, sorted and built a page per message. Each must say exactly what the one-message
 * build of the same window says: its lines (the pages' lines in order), totals, settlement,
 * closing balances and reconciliation figures; and its pages must verify under its signature.
 */
const PAGE_LINES = 2;

const generatedMonth = async (world: BillingWorld, parties: Parties, sales: number, refundEvery: number) => {
  const bought: string[] = [];
  for (let sale = 0; sale < sales; sale += 1) {
    const customer = sale % 3 === 0 ? parties.c2 : parties.c1;
    const offer = sale % 2 === 0 ? parties.o1 : parties.o2;
    const { purchase } = await world.buy(customer.id, {
      offerId: offer.id,
      ...(customer.id === parties.c1.id && sale % 4 === 1 ? { route: 'wallet' as const } : {}),
    });
    await world.deliverAll();
    bought.push(purchase.id);
    world.clock.advanceSeconds(60);
    if (sale % refundEvery === refundEvery - 1) {
      await refundPurchase(world.refundDeps, world.operator, bought[sale - 1] as string);
      world.clock.advanceSeconds(60);
    }
  }
  return bought;
};

/** The statement a one-message build makes of the same window (the reference). */
const oneMessageBuild = async (world: BillingWorld, run: RunRecord, message: StatementMessage) => {
  const period = parsePeriod(run.period);
  const statementId = statementIdFor(period.id, message.kind, message.partyId, message.currency);
  const stored = await world.billing.statements.get(statementId);
  // The party's previous statement: October's, for November (the months are billed in order).
  const earlier =
    period.id === '2026-11'
      ? await world.billing.statements.get(statementIdFor('2026-10', message.kind, message.partyId, message.currency))
      : undefined;
  const previous = earlier === undefined ? undefined : positionOf(earlier, message.kind);
  const window = await readWindow(
    world.billing.history,
    {
      accountIds: billedAccountsOf(message.kind, message.partyId, message.currency),
      period,
      asOfMs: run.asOfMs,
      ...(previous === undefined ? {} : { previous }),
    },
    Number.POSITIVE_INFINITY,
  );
  if (window === undefined) throw new Error('a window without a limit is read');
  const references = [...new Set(window.entries.flatMap((entry) => entry.transfer.reference ?? []))];
  const catalog = await world.billing.catalog.describe(references);
  const common = { statementId, period, currency: message.currency, asOfMs: run.asOfMs, window, catalog };
  const built =
    message.kind === 'provider'
      ? buildProviderStatement({
          ...common,
          providerId: message.partyId,
          revenueAccountId: providerRevenueAccountId(message.partyId, message.currency),
          payoutMinimumMinor: 0,
        })
      : message.kind === 'agent'
        ? buildAgentStatement({
            ...common,
            agentId: message.partyId,
            feeAccountId: agentFeeAccountId(message.partyId, message.currency),
            payoutMinimumMinor: 0,
          })
        : buildCustomerBill({
            ...common,
            customerId: message.partyId,
            carrierAccountId: customerCarrierAccountId(message.partyId, message.currency),
          });
  return { built, stored, entries: window.entries.length };
};

const linesOf = async (world: BillingWorld, statementId: string) => {
  const record = await world.billing.statements.get(statementId);
  if (record === undefined) throw new Error(`no statement ${statementId}`);
  const json = await world.billing.statements.document(record, 'json');
  const document = JSON.parse(json) as StatementBody & { pages?: unknown[] };
  if (record.pageCount === undefined) return { lines: document.lines as readonly unknown[], document, json, pages: [] };
  const pages: string[] = [];
  for (let page = 1; page <= record.pageCount; page += 1) {
    pages.push(
      await world.billing.statements.page(record, page, 'json'),
      await world.billing.statements.page(record, page, 'csv'),
    );
  }
  const lines: unknown[] = pages
    .filter((_, index) => index % 2 === 0)
    .flatMap((page) => (JSON.parse(page) as { lines: unknown[] }).lines);
  return { lines, document, json, pages, csv: await world.billing.statements.document(record, 'csv') };
};

describe('a statement built across messages', () => {
  it('says what a one-message build of the same month says, for every kind of party, first and later statements', async () => {
    // Prepare: October and November generated, each with refunds (November's refund October's sales: carried forward).
    const signer = new LocalKeyJwsSigner();
    const world = makeBillingWorld({ signer, statementPageLines: PAGE_LINES });
    const parties = await setUpParties(world);
    await world.topUp(parties.c1.id, parties.agent.id, 100_000);
    await world.topUp(parties.c2.id, parties.agent.id, 100_000);
    const october = await generatedMonth(world, parties, 14, 5);
    world.clock.set(OCTOBER_RUN_MS + 3_600_000);
    const octoberRun = await world.bill('2026-10');
    for (const purchaseId of october.slice(0, 3)) await refundPurchase(world.refundDeps, world.operator, purchaseId);
    await generatedMonth(world, parties, 10, 4);
    world.clock.set(NOVEMBER_RUN_MS);

    // Act
    const novemberRun = await world.bill('2026-11');

    // Assess
    expect(octoberRun).toMatchObject({ status: 'completed', reconciliation: { ok: true } });
    expect(novemberRun).toMatchObject({ status: 'completed', reconciliation: { ok: true } });
    const store = world.billing.statements as MemoryStatementStore;
    let builtInSteps = 0;
    for (const run of [octoberRun, novemberRun]) {
      for (const [kind, partyId] of [
        ['provider', parties.provider.id],
        ['agent', parties.agent.id],
        ['customer', parties.c1.id],
        ['customer', parties.c2.id],
      ] as const) {
        const message: StatementMessage = { runId: run.id, kind, partyId, currency: 'JPY' };
        const statementId = statementIdFor(run.period, kind, partyId, 'JPY');
        const { built, stored, entries } = await oneMessageBuild(world, run, message);
        // A window of more entries than a message reads is built in steps (and one of fewer in one message).
        if (entries > stepEntriesOf({ statementPageLines: PAGE_LINES }) || kind === 'provider') {
          expect(store.builtInSteps.has(statementId), `${kind} ${run.period} was built in steps`).toBe(true);
        }
        if (store.builtInSteps.has(statementId)) builtInSteps += 1;
        const served = await linesOf(world, statementId);
        const label = `${kind} ${run.period}`;
        expect(served.lines, label).toEqual(built.body.lines);
        expect(served.document.totals, label).toEqual(built.body.totals);
        expect(stored?.lineCount, label).toBe(built.body.lines.length);
        // The stored settlement also names the carrier who collects (posting adds it).
        expect(stored?.settlement, label).toEqual(
          built.settlement === undefined ? undefined : expect.objectContaining(built.settlement),
        );
        expect(stored?.closingBalances, label).toEqual(built.closingBalances);
        expect(stored?.reconciliation, label).toEqual(built.reconciliation);
        expect(stored?.pageCount, label).toBe(
          built.body.lines.length > PAGE_LINES ? Math.ceil(built.body.lines.length / PAGE_LINES) : undefined,
        );
        const verified = await verifyStatement(served.json, {
          issuer: WORLD_ISSUER,
          jwks: { keys: [await signer.publicJwk()] },
          ...(served.csv === undefined ? {} : { csv: served.csv }),
          ...(served.pages.length === 0 ? {} : { pages: served.pages }),
        });
        expect(verified, label).toMatchObject({ ok: true });
      }
    }
    // Six of the eight statements of the two months were built in steps, and their builds dropped once stored.
    expect(builtInSteps).toBe(6);
    expect(store.builds.size).toBe(0);
    expect(store.buildTexts.size).toBe(0);
  }, 60_000);

  it('ends with one statement and one payout when every message of it is delivered twice at once (two workers racing each step)', async () => {
    // Prepare
    const world = makeBillingWorld({ statementPageLines: PAGE_LINES });
    const parties = await setUpParties(world);
    await world.topUp(parties.c2.id, parties.agent.id, 100_000);
    await generatedMonth(world, parties, 8, 3);
    world.clock.set(OCTOBER_RUN_MS);
    await startRun(world.billing, { period: '2026-10', runId: 'run-racing', trigger: 'operator', requestedBy: 'test' });
    while (world.queue.runs.length > 0) await coordinateRun(world.billing, world.queue.runs.shift() as string);

    // Act: each round delivers every waiting message twice in one batch (processed concurrently).
    let rounds = 0;
    while (world.queue.statements.length > 0 && rounds < 200) {
      const messages = world.queue.statements.splice(0);
      const deliveries = messages.flatMap((message, index) =>
        [0, 1].map((twin) => ({ messageId: `${rounds}-${index}-${twin}`, body: JSON.stringify(message), receiveCount: 1 })),
      );
      expect(await processStatementBatch(world.billing, deliveries)).toEqual([]);
      rounds += 1;
    }

    // Assess
    const statementId = statementIdFor('2026-10', 'provider', parties.provider.id, 'JPY');
    const store = world.billing.statements as MemoryStatementStore;
    expect(store.builtInSteps.has(statementId)).toBe(true);
    // Whichever twin stored it, nothing of the build is left (a twin that wrote after the drop dropped it again).
    expect(store.builds.size).toBe(0);
    expect(store.buildTexts.size).toBe(0);
    expect(await world.billing.runs.getRun('run-racing')).toMatchObject({ status: 'completed', reconciliation: { ok: true } });
    const payouts = await world.ledgerEntries.listEntries(providerPayoutsAccountId('JPY'), { limit: 100 });
    // The provider's and the carrier's payouts, once each.
    expect(payouts.entries).toHaveLength(2);
    const { built } = await oneMessageBuild(world, (await world.billing.runs.getRun('run-racing')) as RunRecord, {
      runId: 'run-racing',
      kind: 'provider',
      partyId: parties.provider.id,
      currency: 'JPY',
    });
    expect((await linesOf(world, statementId)).lines).toEqual(built.body.lines);
  });
});
