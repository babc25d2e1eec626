import { createHash } from 'node:crypto';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { statementIdFor } from '../../../shared/domain/billing/ids';
import { startRun } from '../../../shared/domain/billing/runs';
import { makeBillingWorld, statementOf } from '../../fixtures/billing-world';
import { NOVEMBER_MID_MS, NOVEMBER_RUN_MS, billedOctober } from '../../fixtures/billing-scenario';
import { RefusingSettlements } from '../../fixtures/stated-bound';
import { createTransfer } from '../../fixtures/transfers';

/**
 * A withheld payout in the statement's signed CSV (probe AQ6): one `withheld` row after the
 * totals, its reason and amount, whether the statement was made whole or built across messages;
 * a statement without one has no such row (docs/billing.md, "Documents").
 */
const OPS = 'ops-fill:JPY';
const EARNED_MINOR = 5_000;

describe('the CSV of a statement whose payout was withheld', () => {
  it.each([
    ['made whole', undefined],
    ['built across messages', 2],
  ])('says so in a withheld row after the totals (%s), under the signed csvSha256', async (_, statementPageLines) => {
    // Prepare: October billed; in November the provider earns more, and billing's ledger refuses
    // its payout with BALANCE_OVERFLOW (RefusingSettlements: a payout the account as a whole
    // cannot make, since one above a shard's bound is paid in legs over the shards).
    const world = makeBillingWorld(statementPageLines === undefined ? {} : { statementPageLines });
    const { parties } = await billedOctober(world);
    world.clock.set(NOVEMBER_MID_MS);
    await world.baseLedger.createAccount({ id: OPS, currency: 'JPY' });
    const revenue = world.accounts.revenue(parties.provider.id);
    await world.ledger.createTransfers([createTransfer('csv-earn-1', OPS, revenue, EARNED_MINOR)]);
    world.clock.advanceSeconds(1);
    await world.ledger.createTransfers([createTransfer('csv-earn-2', OPS, revenue, 1)]);
    world.clock.set(NOVEMBER_RUN_MS);
    const deps = { ...world.billing, ledger: new RefusingSettlements(world.billing.ledger) };

    // Act
    await startRun(deps, { period: '2026-11', runId: 'run-csv-withheld', trigger: 'operator', requestedBy: 'test' });
    await world.drain(deps);
    const csvOf = async (period: string) => {
      const record = await world.billing.statements.get(statementIdFor(period, 'provider', parties.provider.id, 'JPY'));
      return record === undefined ? '' : world.billing.statements.document(record, 'csv');
    };
    const november = await csvOf('2026-11');
    const october = await csvOf('2026-10');

    // Assess
    const statement = await statementOf<{ id: string; payoutWithheld?: { amountMinor: number } }>(
      world,
      '2026-11',
      'provider',
      parties.provider.id,
    );
    const owed = statement.payoutWithheld?.amountMinor ?? 0;
    expect(owed).toBeGreaterThan(EARNED_MINOR);
    const rows = november.split('\r\n');
    expect(rows.slice(-3)).toEqual([
      expect.stringMatching(/,total,closingBalanceMinor,/),
      `${statement.id},2026-11,JPY,,,withheld,BALANCE_OVERFLOW,,,,,,,${owed},,`,
      '',
    ]);
    expect(decodeJwt(statement.token).csvSha256).toBe(createHash('sha256').update(november).digest('hex'));
    expect(october).not.toContain('withheld');
  });
});
