import { describe, expect, it } from 'vitest';
import { statementIdFor } from '../../../shared/domain/billing/ids';
import { importRemittance, parseRemittanceCsv, type RemittanceDeps } from '../../../shared/domain/billing/remittance';
import type { CustomerBill } from '../../../shared/domain/billing/types';
import { DomainError } from '../../../shared/errors';
import { makeBillingWorld, type BillingWorld } from '../../fixtures/billing-world';
import { NOVEMBER_RUN_MS, billedOctober } from '../../fixtures/billing-scenario';
import { codeOf } from '../../fixtures/errors';

const remittanceDeps = (world: BillingWorld, toleranceMinor: number): RemittanceDeps => ({
  ...world.billing,
  ledger: world.ledger,
  remittances: world.remittances,
  remittanceToleranceMinor: toleranceMinor,
});

/** October billed: customer C1 owes its carrier 1,000 (the collection); C2 paid from its wallet. */
const billed = async () => {
  const world = makeBillingWorld();
  return { world, ...(await billedOctober(world)) };
};

describe('parsing a remittance report', () => {
  it('reads the header and one row per customer and currency, quotes and a BOM included', () => {
    expect(parseRemittanceCsv('\uFEFFcustomerId,currency,remittedMinor\r\n"cus_1",JPY,900\r\ncus_2,JPY,0\r\n')).toEqual([
      { customerId: 'cus_1', currency: 'JPY', remittedMinor: 900 },
      { customerId: 'cus_2', currency: 'JPY', remittedMinor: 0 },
    ]);
  });

  it('refuses a wrong header, bad fields and a customer reported twice, naming the line', () => {
    const fieldsOf = (csv: string) => {
      try {
        parseRemittanceCsv(csv);
      } catch (error) {
        if (error instanceof DomainError) return error.fields.map((issue) => issue.field);
      }
      return [];
    };
    expect(fieldsOf('customer,amount\n')).toEqual(['line 1.header']);
    expect(fieldsOf('customerId,currency,remittedMinor\ncus_1,jpy,-5\ncus_2,JPY,1\ncus_2,JPY,2\n')).toEqual([
      'line 2.currency',
      'line 2.remittedMinor',
      'line 4.customerId',
    ]);
  });
});

describe('importing a carrier remittance report', () => {
  it('lists the differences, adjusts those beyond the tolerance and carries them to the next bill', async () => {
    // Prepare: the carrier collected 400 of C1's 1,000, and reports 5 from an unbilled customer.
    const { world, parties, run } = await billed();
    const csv = `customerId,currency,remittedMinor\n${parties.c1.id},JPY,400\n${parties.c2.id},JPY,5\n`;

    // Act
    const { record, replayed } = await importRemittance(remittanceDeps(world, 10), world.operator, {
      runId: run.id,
      agentId: parties.agent.id,
      csv,
    });

    // Assess
    expect(replayed).toBe(false);
    expect(record).toMatchObject({ status: 'imported', rows: 2, matched: 0, toleranceMinor: 10 });
    expect(record.differences).toHaveLength(2);
    expect(record.differences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          customerId: parties.c1.id,
          billedMinor: 1_000,
          remittedMinor: 400,
          differenceMinor: -600,
          outcome: 'adjusted',
        }),
        expect.objectContaining({
          customerId: parties.c2.id,
          billedMinor: 0,
          remittedMinor: 5,
          differenceMinor: 5,
          outcome: 'within_tolerance',
        }),
      ]),
    );
    expect(await world.posted(world.accounts.carrier(parties.c1.id))).toBe(-600);

    // Act: November's bill asks for the 600 again.
    world.clock.set(NOVEMBER_RUN_MS);
    const november = await world.bill('2026-11');

    // Assess
    expect(november.status).toBe('completed');
    const stored = await world.billing.statements.get(statementIdFor('2026-11', 'customer', parties.c1.id, 'JPY'));
    const bill = JSON.parse(
      await world.billing.statements.document(stored as NonNullable<typeof stored>, 'json'),
    ) as CustomerBill;
    expect(bill.lines.map(({ kind, amountMinor }) => ({ kind, amountMinor }))).toEqual([
      { kind: 'adjustment', amountMinor: 600 },
      { kind: 'collection', amountMinor: 600 },
    ]);
  });

  it('answers the same report again as imported, and refuses another report for the same run and carrier', async () => {
    const { world, parties, run } = await billed();
    const deps = remittanceDeps(world, 0);
    const csv = `customerId,currency,remittedMinor\n${parties.c1.id},JPY,1000\n`;
    const first = await importRemittance(deps, world.operator, { runId: run.id, agentId: parties.agent.id, csv });
    const again = await importRemittance(deps, world.operator, { runId: run.id, agentId: parties.agent.id, csv });
    expect(first.record.matched).toBe(1);
    expect(first.record.differences).toEqual([]);
    expect(again).toEqual({ record: first.record, replayed: true });
    expect(
      await codeOf(
        importRemittance(deps, world.operator, {
          runId: run.id,
          agentId: parties.agent.id,
          csv: `${csv}${parties.c2.id},JPY,1\n`,
        }),
      ),
    ).toBe('REMITTANCE_ALREADY_IMPORTED');
  });

  it('refuses, and lists, an adjustment for a customer or carrier id that no ledger account can have', async () => {
    // Prepare: a report row (and a carrier) whose account ids would be longer than any ledger id.
    const { world, parties, run } = await billed();
    const long = `c${'0'.repeat(199)}`;
    const csv = `customerId,currency,remittedMinor\n${long},JPY,500\nodd@customer,JPY,500\n`;

    // Act
    const { record } = await importRemittance(remittanceDeps(world, 0), world.operator, {
      runId: run.id,
      agentId: `a${'0'.repeat(199)}`,
      csv,
    });

    // Assess
    expect(record.status).toBe('imported');
    expect((record.differences ?? []).map(({ customerId, outcome, refusal }) => ({ customerId, outcome, refusal }))).toEqual(
      expect.arrayContaining([
        { customerId: long, outcome: 'refused', refusal: 'ACCOUNT_NOT_FOUND' },
        { customerId: 'odd@customer', outcome: 'refused', refusal: 'ACCOUNT_NOT_FOUND' },
      ]),
    );
    expect(await world.posted(world.accounts.carrier(parties.c1.id))).toBe(0);
  });

  it('compares only with completed runs, for operators', async () => {
    const { world, parties, run } = await billed();
    const deps = remittanceDeps(world, 0);
    const csv = 'customerId,currency,remittedMinor\n';
    expect(
      await codeOf(
        importRemittance(deps, { role: 'agent', subject: parties.agent.id }, { runId: run.id, agentId: parties.agent.id, csv }),
      ),
    ).toBe('BILLING_RUN_NOT_FOUND');
    world.clock.set(NOVEMBER_RUN_MS);
    const { startRun } = await import('../../../shared/domain/billing/runs');
    const running = await startRun(world.billing, {
      period: '2026-11',
      runId: 'run-nov',
      trigger: 'operator',
      requestedBy: 'test',
    });
    expect(await codeOf(importRemittance(deps, world.operator, { runId: running.id, agentId: parties.agent.id, csv }))).toBe(
      'BILLING_RUN_NOT_COMPLETED',
    );
  });
});
