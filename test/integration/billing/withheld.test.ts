import { afterAll, describe, expect, it } from 'vitest';
import { DynamoActivityIndex } from '../../../shared/adapters/aws/billing-activity-dynamodb';
import { DynamoBillingRunStore } from '../../../shared/adapters/aws/billing-runs-dynamodb';
import { DynamoStatementStore } from '../../../shared/adapters/aws/billing-statements-dynamodb';
import { DynamoLedgerHistory } from '../../../shared/adapters/aws/ledger-history-dynamodb';
import { DynamoDbLedger } from '../../../shared/adapters/aws/ledger-dynamodb';
import { DynamoDbLedgerEntries } from '../../../shared/adapters/aws/ledger-entries-dynamodb';
import { ticketSigner } from '../../../shared/adapters/aws/signing-wiring';
import type { AgentStatement, ProviderStatement } from '../../../shared/domain/billing/types';
import { LEDGER_BALANCE_SHARDS_DEFAULT, statedPostedCounterMax } from '../../../shared/limits';
import { billingTable, ledgerTable } from '../../../shared/resources/tables';
import { ManualClock } from '../../fixtures/clock';
import { BILLING_WORLD_START_MS, makeBillingWorld, statementOf, type BillingWorld } from '../../fixtures/billing-world';
import { NOVEMBER_MID_MS, NOVEMBER_RUN_MS } from '../../fixtures/billing-scenario';
import { creditPastShards } from '../../fixtures/stated-bound';
import { withheldThenQuiet } from '../../fixtures/withheld-carry';
import { dropTables, dynamo, freshTable } from './tables';

/**
 * Probe AM D1 against DynamoDB Local: a provider's revenue and a carrier's fees past one shard's
 * posted bound, whose payout as one debit of the whole balance from one shard the ledger's
 * commit-time condition refuses. Billing pays it in linked legs over the shards. And a payout and
 * a collection withheld (the ledger refusing them) are tried again in a month without movement.
 */
afterAll(dropTables);

const SHARD_MAX = Number(statedPostedCounterMax(LEDGER_BALANCE_SHARDS_DEFAULT));
const OPS = 'ops-fill:JPY';

const dynamoWorld = async (): Promise<BillingWorld> => {
  const { documentClient } = dynamo();
  const [ledgerName, billingName] = await Promise.all([freshTable(ledgerTable), freshTable(billingTable)]);
  const clock = new ManualClock(BILLING_WORLD_START_MS);
  return makeBillingWorld({
    clock,
    baseLedger: new DynamoDbLedger({ client: documentClient, tableName: ledgerName, clock }),
    ledgerEntries: new DynamoDbLedgerEntries({ client: documentClient, tableName: ledgerName }),
    history: new DynamoLedgerHistory(documentClient, ledgerName),
    activity: new DynamoActivityIndex(documentClient, billingName),
    runs: new DynamoBillingRunStore(documentClient, billingName),
    statements: new DynamoStatementStore(documentClient, billingName),
    signer: ticketSigner(process.env),
  });
};

const fill = (world: BillingWorld, accountId: string, count: number, amountMinor: number): Promise<number> =>
  creditPastShards(world.ledger, { from: OPS, to: accountId, count, amountMinor });

describe('billing pays a payout above a shard bound in legs, and tries a withheld one again (DynamoDB)', () => {
  it('a provider past one shard and a carrier with 2 × 10^14 of fees: both payouts are paid in linked legs, the run completes', async () => {
    // Prepare: November, the operator moves money in (the probe's bound.py and d1min.py).
    const world = await dynamoWorld();
    const provider = await world.provider({ trusted: true });
    const agent = await world.agent();
    world.clock.set(NOVEMBER_MID_MS);
    await world.baseLedger.createAccount({ id: OPS, currency: 'JPY' });
    const revenue = await fill(world, world.accounts.revenue(provider.id), 2, SHARD_MAX);
    const fees = await fill(world, world.accounts.agentFees(agent.id), 2, 100_000_000_000_000);
    world.clock.set(NOVEMBER_RUN_MS);

    // Act
    const run = await world.bill('2026-11');

    // Assess: the ledger's commit-time condition takes each leg on its shard; nothing is withheld.
    expect(run).toMatchObject({ status: 'completed', progress: { partiesTotal: 2, partiesDone: 2, partiesFailed: 0 } });
    const providerStatement = await statementOf<ProviderStatement>(world, '2026-11', 'provider', provider.id);
    expect(Object.keys(providerStatement)).not.toContain('payoutWithheld');
    expect(providerStatement.totals).toMatchObject({ openingBalanceMinor: 0, netPayoutMinor: revenue, closingBalanceMinor: 0 });
    expect(providerStatement.lines.filter((line) => line.kind === 'payout').length).toBeGreaterThan(1);
    const agentStatement = await statementOf<AgentStatement>(world, '2026-11', 'agent', agent.id);
    expect(Object.keys(agentStatement)).not.toContain('payoutWithheld');
    expect(agentStatement.totals).toMatchObject({ netPayoutMinor: fees, closingBalanceMinor: 0 });
    const agentLegs = agentStatement.lines.filter((line) => line.kind === 'payout');
    expect(agentLegs.length).toBeGreaterThan(1);
    for (const line of agentLegs) expect((await world.ledger.getTransfer(line.transferId)).amountMinor).toBe(-line.amountMinor);
    expect(await world.posted(world.accounts.revenue(provider.id))).toBe(0);
    expect(await world.posted(world.accounts.agentFees(agent.id))).toBe(0);
    expect(await world.posted('payouts:JPY')).toBe(revenue + fees);
    expect(world.metrics.points.filter((point) => point.name === 'BillingSettlementsWithheld')).toHaveLength(0);

    // Act: a rerun of the period answers the stored statements: nothing is posted again.
    const rerun = await world.bill('2026-11');

    // Assess
    expect(rerun).toMatchObject({ status: 'completed', progress: { partiesFailed: 0 } });
    expect(await statementOf<ProviderStatement>(world, '2026-11', 'provider', provider.id)).toEqual(providerStatement);
    expect(await world.posted('payouts:JPY')).toBe(revenue + fees);
  });

  it('a payout and a collection withheld in November are settled by December without movement; January has nothing to bill', async () => {
    // Prepare and act: November's ledger refuses the settlements; then nothing moves for these parties.
    const world = await dynamoWorld();
    const scenario = await withheldThenQuiet(world);
    const { november, december, january } = scenario.runs;

    // Assess: the next period's marker lists both; December pays and collects, and reconciles.
    expect(november).toMatchObject({ status: 'completed', progress: { partiesTotal: 3, partiesFailed: 0 } });
    expect((await scenario.providerStatement('2026-11')).payoutWithheld).toEqual({
      reason: 'BALANCE_OVERFLOW',
      amountMinor: 5_000,
    });
    expect(december).toMatchObject({ status: 'completed', progress: { partiesTotal: 2, partiesDone: 2, partiesFailed: 0 } });
    expect((await scenario.providerStatement('2026-12')).totals).toMatchObject({
      openingBalanceMinor: 5_000,
      netPayoutMinor: 5_000,
      closingBalanceMinor: 0,
    });
    expect((await scenario.customerBill('2026-12')).lines.map((line) => line.kind)).toEqual(['balance_forward', 'collection']);
    expect(await world.posted('payouts:JPY')).toBe(scenario.paidOutBefore + 5_000);
    expect(await world.posted(world.accounts.carrier(scenario.customer.id))).toBe(0);
    expect(await scenario.stored('2026-12', 'provider', scenario.small.id)).toBeUndefined();
    expect(january).toMatchObject({ status: 'completed', progress: { partiesTotal: 0 } });
  });
});
