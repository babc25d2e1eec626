import { describe, expect, it } from 'vitest';
import { statementIdFor } from '../../../shared/domain/billing/ids';
import { importRemittance, remittanceView, type RemittanceDeps } from '../../../shared/domain/billing/remittance';
import type { RemittanceStore } from '../../../shared/domain/billing/ports';
import { parseRemittanceCsv } from '../../../shared/domain/billing/remittance-csv';
import type { CustomerBill, RemittanceDifference } from '../../../shared/domain/billing/types';
import { DomainError } from '../../../shared/errors';
import { CURRENCY_MESSAGE } from '../../../shared/currencies';
import { makeBillingWorld, type BillingWorld } from '../../fixtures/billing-world';
import { NOVEMBER_RUN_MS, billedOctober } from '../../fixtures/billing-scenario';
import { codeOf } from '../../fixtures/errors';
import { agentCashAccountId } from '../../../shared/domain/parties/accounts';

/** The DomainError a promise is refused with. */
const refusalOf = async (promise: Promise<unknown>): Promise<DomainError | undefined> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  return undefined;
};

const remittanceDeps = (world: BillingWorld, toleranceMinor: number): RemittanceDeps => ({
  ...world.billing,
  ledger: world.ledger,
  remittances: world.remittances,
  remittanceToleranceMinor: toleranceMinor,
  parties: world.parties,
});

/** October billed: customer C1 owes its carrier 1,000 (the collection); C2 paid from its wallet. */
const billed = async () => {
  const world = makeBillingWorld();
  return { world, ...(await billedOctober(world)) };
};

/** How parsing refuses a report: its problem, or undefined when it parses. */
const parseRefusalOf = (csv: string): DomainError | undefined => {
  try {
    parseRemittanceCsv(csv);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  return undefined;
};

describe('parsing a remittance report', () => {
  it('reads the header and one row per customer and currency, quotes and a BOM included', () => {
    expect(parseRemittanceCsv('\uFEFFcustomerId,currency,remittedMinor\r\n"cus_1",JPY,900\r\ncus_2,JPY,0\r\n')).toEqual([
      { customerId: 'cus_1', currency: 'JPY', remittedMinor: 900, line: 2 },
      { customerId: 'cus_2', currency: 'JPY', remittedMinor: 0, line: 3 },
    ]);
  });

  it('reads RFC 4180: quoted header and fields, CRLF or LF, with or without the last line break', () => {
    const rows = [
      { customerId: 'cus_1', currency: 'JPY', remittedMinor: 1_334, line: 2 },
      { customerId: 'cus_2', currency: 'JPY', remittedMinor: 5, line: 3 },
    ];
    expect(parseRemittanceCsv('"customerId","currency","remittedMinor"\r\n"cus_1","JPY","1334"\r\n"cus_2",JPY,5')).toEqual(rows);
    expect(parseRemittanceCsv('"customerId",currency,"remittedMinor"\n"cus_1",JPY,1334\ncus_2,"JPY",5\n\n')).toEqual(rows);
  });

  it('counts lines as the report has them when a quoted field holds a line break, and unquotes doubled quotes', () => {
    const problemsOf = (csv: string) => parseRefusalOf(csv)?.fields.map(({ field, message }) => `${field}: ${message}`);
    expect(problemsOf('customerId,currency,remittedMinor\r\n"cus\r\n1",JPY,1\r\ncus_2,jpy,1\r\n"cus""3",JPY,2\r\n')).toEqual([
      'line 2.customerId: must be a customer id',
      `line 4.currency: ${CURRENCY_MESSAGE}`,
      'line 5.customerId: must be a customer id',
    ]);
    expect(problemsOf('customerId,currency,remittedMinor\n\ncus_1,JPY\n')).toEqual([
      'line 2.row: is empty (a row is customerId,currency,remittedMinor)',
      'line 3.row: must have 3 fields, not 2',
      'line 3.remittedMinor: must be a whole number of minor units in decimal digits, without sign, spaces or leading zeros',
    ]);
  });

  it('reads remittedMinor as one syntax (decimal digits, no sign, no leading zeros, at most 2^53 − 1) and names the real reason', () => {
    const remittedOf = (amount: string) => {
      const refusal = parseRefusalOf(`customerId,currency,remittedMinor\ncus_1,JPY,${amount}\n`);
      return refusal === undefined
        ? parseRemittanceCsv(`customerId,currency,remittedMinor\ncus_1,JPY,${amount}\n`)[0]?.remittedMinor
        : refusal.fields.map(({ field, message }) => `${field}: ${message}`).join('; ');
    };
    const syntax = 'a whole number of minor units in decimal digits, without sign, spaces or leading zeros';
    expect(remittedOf('0')).toBe(0);
    expect(remittedOf('1')).toBe(1);
    expect(remittedOf('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(remittedOf('-1')).toBe(`line 2.remittedMinor: must not be negative (${syntax})`);
    expect(remittedOf('9007199254740992')).toBe('line 2.remittedMinor: must be at most 9007199254740991 (2^53 − 1)');
    expect(remittedOf('9007199254740993')).toBe('line 2.remittedMinor: must be at most 9007199254740991 (2^53 − 1)');
    expect(remittedOf('12345678901234567890')).toBe('line 2.remittedMinor: must be at most 9007199254740991 (2^53 − 1)');
    expect(remittedOf('01')).toBe(`line 2.remittedMinor: must not have leading zeros (${syntax})`);
    expect(remittedOf('00')).toBe(`line 2.remittedMinor: must not have leading zeros (${syntax})`);
    for (const notWhole of ['+1', '1e2', ' 5', '5 ', '1.5', '1.0', '0x10', '1_000', '１', ''])
      expect(remittedOf(notWhole)).toBe(`line 2.remittedMinor: must be ${syntax}`);
  });

  it('refuses what is not RFC 4180 or has another header, saying precisely why', () => {
    const header = 'customerId,currency,remittedMinor\r\n';
    expect(parseRefusalOf(`${header}cus_1,JPY,9"00\r\n`)).toMatchObject({
      code: 'VALIDATION_FAILED',
      detail:
        'The report is not RFC 4180 CSV: line 2 has a quote inside a field that does not start with one (such a field is quoted, its quotes doubled).',
      fields: [{ field: 'line 2.row' }],
    });
    expect(parseRefusalOf(`${header}"cus_1"x,JPY,1\r\n`)?.detail).toBe(
      'The report is not RFC 4180 CSV: line 2 has text after the closing quote of a field (a quote inside a quoted field is written twice).',
    );
    expect(parseRefusalOf(`${header}cus_1,JPY,1\r\n"cus_2,JPY,1\r\n`)?.detail).toBe(
      'The report is not RFC 4180 CSV: line 3 opens a quoted field that is never closed.',
    );
    expect(parseRefusalOf(`${header}cus_1,JPY,1\rcus_2,JPY,1`)?.detail).toBe(
      'The report is not RFC 4180 CSV: line 2 has a carriage return that does not end the line (lines end with CRLF or LF).',
    );
    expect(parseRefusalOf('customerId;currency;remittedMinor\r\ncus_1;JPY;1\r\n')).toMatchObject({
      code: 'VALIDATION_FAILED',
      detail:
        'The report must start with the header customerId,currency,remittedMinor: its first line has 1 field ("customerId;currency;remittedMinor").',
      fields: [{ field: 'line 1.header' }],
    });
    expect(parseRefusalOf('"customerId","currency","amount"\r\n')?.detail).toBe(
      'The report must start with the header customerId,currency,remittedMinor: its column 3 is "amount", not remittedMinor.',
    );
    expect(parseRefusalOf('')?.detail).toBe(
      'The report must start with the header customerId,currency,remittedMinor: the report is empty.',
    );
  });

  it('refuses a wrong header, bad fields and a customer reported twice, naming the line', () => {
    const fieldsOf = (csv: string) => parseRefusalOf(csv)?.fields.map((issue) => issue.field);
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
    // Prepare: the carrier collected 400 of C1's 1,000.
    const { world, parties, run } = await billed();
    const csv = `customerId,currency,remittedMinor\n${parties.c1.id},JPY,400\n`;

    // Act
    const { record, replayed } = await importRemittance(remittanceDeps(world, 10), world.operator, {
      runId: run.id,
      agentId: parties.agent.id,
      csv,
    });

    // Assess
    expect(replayed).toBe(false);
    expect(record).toMatchObject({ status: 'imported', rows: 1, matched: 0, toleranceMinor: 10 });
    expect(record.differences).toEqual([
      expect.objectContaining({
        customerId: parties.c1.id,
        billedMinor: 1_000,
        remittedMinor: 400,
        differenceMinor: -600,
        outcome: 'adjusted',
      }),
    ]);
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
          csv: `customerId,currency,remittedMinor\n${parties.c1.id},JPY,999\n`,
        }),
      ),
    ).toBe('REMITTANCE_ALREADY_IMPORTED');
  });

  it('of concurrent imports of the same report one creates it; the others answer the import stored, as a repeat does', async () => {
    // Prepare: a clock that moves on every read, so an answer of its own would show another importedAt.
    const { world, parties, run } = await billed();
    let tick = 0;
    const deps = { ...remittanceDeps(world, 0), clock: { now: () => world.clock.now() + (tick += 1) } };
    const csv = `customerId,currency,remittedMinor\n${parties.c1.id},JPY,400\n`;
    const request = { runId: run.id, agentId: parties.agent.id, csv };

    // Act
    const answers = await Promise.all([1, 2, 3, 4].map(() => importRemittance(deps, world.operator, request)));
    const again = await importRemittance(deps, world.operator, request);

    // Assess
    const stored = await world.remittances.get(run.period, parties.agent.id);
    expect(answers.filter((answer) => !answer.replayed)).toHaveLength(1);
    expect(answers.map((answer) => answer.record)).toEqual([stored, stored, stored, stored]);
    expect(again).toEqual({ record: stored, replayed: true });
    expect(await world.posted(world.accounts.carrier(parties.c1.id))).toBe(-600);
  });

  it("answers a difference's members in the first import's order, whatever order the store reads them in", async () => {
    // Prepare: a store that hands the differences back with their members in another order (as DynamoDB's maps do).
    const { world, parties, run } = await billed();
    const deps = remittanceDeps(world, 0);
    const request = {
      runId: run.id,
      agentId: parties.agent.id,
      csv: `customerId,currency,remittedMinor\n${parties.c1.id},JPY,400\n`,
    };
    const first = await importRemittance(deps, world.operator, request);
    const reordering: RemittanceStore = {
      ...world.remittances,
      begin: async (record) => {
        const stored = await world.remittances.begin(record);
        const reversed = (stored.differences ?? []).map((difference) => Object.fromEntries(Object.entries(difference).reverse()));
        return { ...stored, differences: reversed as unknown as RemittanceDifference[] };
      },
      get: (period, agentId) => world.remittances.get(period, agentId),
      complete: (record) => world.remittances.complete(record),
    };

    // Act
    const again = await importRemittance({ ...deps, remittances: reordering }, world.operator, request);

    // Assess
    expect(again.replayed).toBe(true);
    expect(JSON.stringify(remittanceView(again.record))).toBe(JSON.stringify(remittanceView(first.record)));
  });

  it('lists a difference within the tolerance only, and counts a billed customer the report omits as remitted 0', async () => {
    const { world, parties, run } = await billed();
    const deps = remittanceDeps(world, 10);
    const within = await importRemittance(deps, world.operator, {
      runId: run.id,
      agentId: parties.agent.id,
      csv: `customerId,currency,remittedMinor\n${parties.c1.id},JPY,995\n`,
    });
    expect(within.record.differences).toEqual([
      expect.objectContaining({ customerId: parties.c1.id, differenceMinor: -5, outcome: 'within_tolerance' }),
    ]);
    expect(await world.posted(world.accounts.carrier(parties.c1.id))).toBe(0);

    const other = await billed();
    const omitted = await importRemittance(remittanceDeps(other.world, 0), other.world.operator, {
      runId: other.run.id,
      agentId: other.parties.agent.id,
      csv: 'customerId,currency,remittedMinor\n',
    });
    expect(omitted.record.differences).toEqual([
      expect.objectContaining({
        customerId: other.parties.c1.id,
        remittedMinor: 0,
        differenceMinor: -1_000,
        outcome: 'adjusted',
      }),
    ]);
    expect(await other.world.posted(other.world.accounts.carrier(other.parties.c1.id))).toBe(-1_000);
  });

  it('refuses the whole report, storing and posting nothing, when a row names a customer or currency the carrier was not asked to collect', async () => {
    // Prepare: C1 owes the carrier 1,000; C2 pays from its wallet (no collection); USD was never billed.
    const { world, parties, run } = await billed();
    const deps = remittanceDeps(world, 0);
    const cash = agentCashAccountId(parties.agent.id, 'JPY');
    const before = { carrier: await world.posted(world.accounts.carrier(parties.c1.id)), cash: await world.posted(cash) };
    const bad = [
      'customerId,currency,remittedMinor',
      `${parties.c1.id},JPY,900`,
      `${parties.c2.id},JPY,500`,
      `${parties.c1.id},USD,900`,
      'cus_ghost,JPY,1',
    ].join('\n');

    // Act
    const refused = await refusalOf(
      importRemittance(deps, world.operator, { runId: run.id, agentId: parties.agent.id, csv: bad }),
    );

    // Assess: the rows are named, nothing is stored or posted.
    expect(refused).toMatchObject({ code: 'REMITTANCE_NOT_BILLED' });
    expect(refused?.fields.map((issue) => issue.field)).toEqual(['line 3.customerId', 'line 4.customerId', 'line 5.customerId']);
    expect(world.remittances.records.size).toBe(0);
    expect({ carrier: await world.posted(world.accounts.carrier(parties.c1.id)), cash: await world.posted(cash) }).toEqual(
      before,
    );

    // Act: the corrected report imports.
    const { record } = await importRemittance(deps, world.operator, {
      runId: run.id,
      agentId: parties.agent.id,
      csv: `customerId,currency,remittedMinor\n${parties.c1.id},JPY,900\n`,
    });

    // Assess
    expect(record.differences).toEqual([expect.objectContaining({ differenceMinor: -100, outcome: 'adjusted' })]);
    expect(await world.posted(world.accounts.carrier(parties.c1.id))).toBe(before.carrier - 100);
    expect(await world.posted(cash)).toBe(before.cash + 100);
  });

  it('refuses an agent that does not exist and one the bills asked to collect nothing, storing nothing', async () => {
    const { world, parties, run } = await billed();
    const deps = remittanceDeps(world, 0);
    const kiosk = await world.agent();
    const csv = 'customerId,currency,remittedMinor\n';
    const codeFor = (agentId: string) => codeOf(importRemittance(deps, world.operator, { runId: run.id, agentId, csv }));
    expect(await codeFor('agt_nobody')).toBe('AGENT_NOT_FOUND');
    expect(await codeFor(parties.provider.id)).toBe('AGENT_NOT_FOUND');
    expect(await codeFor(kiosk.id)).toBe('NO_COLLECTIONS_BILLED');
    expect(world.remittances.records.size).toBe(0);
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
