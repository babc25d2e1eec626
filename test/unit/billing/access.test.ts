import { describe, expect, it } from 'vitest';
import { statementIdFor } from '../../../shared/domain/billing/ids';
import { readRun, startRun } from '../../../shared/domain/billing/runs';
import { listStatements, readStatement } from '../../../shared/domain/billing/statements';
import type { Principal } from '../../../shared/domain/principal';
import { makeBillingWorld } from '../../fixtures/billing-world';
import { OCTOBER_END_MS, OCTOBER_RUN_MS, billedOctober, setUpParties } from '../../fixtures/billing-scenario';
import { codeOf } from '../../fixtures/errors';

const billed = async () => {
  const world = makeBillingWorld();
  const { parties, run } = await billedOctober(world);
  const customer = (id: string): Principal => ({ role: 'customer', subject: id });
  const provider: Principal = { role: 'provider', subject: parties.provider.id };
  return { world, parties, run, customer, provider };
};

describe('who reads a statement', () => {
  it('is the party itself or an operator; anyone else is told it does not exist', async () => {
    // Prepare
    const { world, parties, customer, provider } = await billed();
    const billId = statementIdFor('2026-10', 'customer', parties.c1.id, 'JPY');
    const statementId = statementIdFor('2026-10', 'provider', parties.provider.id, 'JPY');
    const read = (principal: Principal, id: string) => readStatement(world.billing, principal, id, 'json');

    // Act, Assess
    expect(JSON.parse(await read(customer(parties.c1.id), billId))).toMatchObject({ id: billId, partyId: parties.c1.id });
    expect(JSON.parse(await read(provider, statementId))).toMatchObject({ id: statementId });
    expect(JSON.parse(await read(world.operator, billId))).toMatchObject({ id: billId });
    expect(await codeOf(read(customer(parties.c2.id), billId))).toBe('STATEMENT_NOT_FOUND');
    expect(await codeOf(read(provider, billId))).toBe('STATEMENT_NOT_FOUND');
    expect(await codeOf(read(customer(parties.c1.id), statementId))).toBe('STATEMENT_NOT_FOUND');
    expect(await codeOf(read({ role: 'customer', subject: parties.provider.id }, statementId))).toBe('STATEMENT_NOT_FOUND');
    expect(await codeOf(read({ role: 'agent', subject: parties.agent.id }, billId))).toBe('STATEMENT_NOT_FOUND');
    expect(await codeOf(read({ role: 'agent', subject: parties.agent.id }, statementId))).toBe('STATEMENT_NOT_FOUND');
    expect(await codeOf(read(world.operator, 'stm_nothing'))).toBe('STATEMENT_NOT_FOUND');
  });

  it('shows an agent statement to its agent and operators only: another agent, the provider or a customer is told it does not exist', async () => {
    // Prepare
    const { world, parties, customer, provider } = await billed();
    const kiosk = await world.agent(0, 250);
    const agentStatementId = statementIdFor('2026-10', 'agent', parties.agent.id, 'JPY');
    const read = (principal: Principal) => readStatement(world.billing, principal, agentStatementId, 'json');
    const list = (principal: Principal, request: Parameters<typeof listStatements>[2]) =>
      listStatements(world.billing, principal, request);

    // Act, Assess
    expect(JSON.parse(await read({ role: 'agent', subject: parties.agent.id }))).toMatchObject({
      id: agentStatementId,
      kind: 'agent_statement',
      partyId: parties.agent.id,
    });
    expect(JSON.parse(await read(world.operator))).toMatchObject({ id: agentStatementId });
    expect(await codeOf(read({ role: 'agent', subject: kiosk.id }))).toBe('STATEMENT_NOT_FOUND');
    expect(await codeOf(read(provider))).toBe('STATEMENT_NOT_FOUND');
    expect(await codeOf(read(customer(parties.c1.id)))).toBe('STATEMENT_NOT_FOUND');
    expect(await codeOf(read({ role: 'customer', subject: parties.agent.id }))).toBe('STATEMENT_NOT_FOUND');
    const own = await list({ role: 'agent', subject: parties.agent.id }, { limit: 10 });
    expect(own.items.map((item) => (item as { id: string }).id)).toEqual([agentStatementId]);
    expect(await codeOf(list({ role: 'agent', subject: kiosk.id }, { partyId: parties.agent.id, limit: 10 }))).toBe(
      'STATEMENT_NOT_FOUND',
    );
    expect((await list(world.operator, { partyId: parties.agent.id, limit: 10 })).items).toHaveLength(1);
    expect((await list(world.operator, { partyId: kiosk.id, limit: 10 })).items).toEqual([]);
  });

  it("lists only the caller's own statements; another party's list is not there, an operator names the party", async () => {
    // Prepare
    const { world, parties, customer } = await billed();
    const list = (principal: Principal, request: Parameters<typeof listStatements>[2]) =>
      listStatements(world.billing, principal, request);

    // Act, Assess
    const own = await list(customer(parties.c1.id), { limit: 10 });
    expect(own.items).toHaveLength(1);
    expect(own.items[0]).toMatchObject({ partyId: parties.c1.id, kind: 'customer_bill', period: '2026-10' });
    expect(own.nextCursor).toBeUndefined();
    expect(await codeOf(list(customer(parties.c2.id), { partyId: parties.c1.id, limit: 10 }))).toBe('STATEMENT_NOT_FOUND');
    expect(await codeOf(list({ role: 'agent', subject: parties.agent.id }, { partyId: parties.c1.id, limit: 10 }))).toBe(
      'STATEMENT_NOT_FOUND',
    );
    expect(await codeOf(list(world.operator, { limit: 10 }))).toBe('VALIDATION_FAILED');
    expect((await list(world.operator, { partyId: parties.provider.id, period: '2026-10', limit: 10 })).items).toHaveLength(1);
    expect((await list(world.operator, { partyId: parties.provider.id, period: '2026-09', limit: 10 })).items).toEqual([]);
    expect(await codeOf(list(customer(parties.c1.id), { limit: 10, cursor: 'e30' }))).toBe('INVALID_CURSOR');
  });

  it('answers an operator naming no registered customer, provider or agent 404 PARTY_NOT_FOUND naming partyId', async () => {
    // Prepare
    const { world, parties } = await billed();
    const list = (partyId: string) => listStatements(world.billing, world.operator, { partyId, limit: 10 });

    // Act
    const unknown = list('cus_doesnotexist00000000');
    const anOperator = list(world.operator.subject);
    const aCustomers = await list(parties.c1.id).then((page) => page.items.length);
    const anAgents = await list(parties.agent.id).then((page) => page.items.length);

    // Assess
    for (const refused of [unknown, anOperator]) {
      await expect(refused).rejects.toMatchObject({
        code: 'PARTY_NOT_FOUND',
        fields: [{ field: 'partyId', message: 'is not a registered customer, provider or agent' }],
      });
    }
    expect(aCustomers).toBe(1);
    expect(anAgents).toBe(1);
  });

  it('shows runs to operators only', async () => {
    const { world, run, customer, parties } = await billed();
    expect(await readRun(world.billing, world.operator, run.id)).toMatchObject({ id: run.id });
    expect(await codeOf(readRun(world.billing, customer(parties.c1.id), run.id))).toBe('BILLING_RUN_NOT_FOUND');
  });
});

describe('starting a run', () => {
  it('refuses a month that has not closed, one before the first billed, and one after a month not completed', async () => {
    // Prepare
    const world = makeBillingWorld();
    const start = (period: string) =>
      startRun(world.billing, { period, runId: `run-${period}-${Math.random()}`, trigger: 'operator', requestedBy: 'test' });

    // Act, Assess
    world.clock.set(OCTOBER_END_MS + 30_000);
    expect(await codeOf(start('2026-10'))).toBe('PERIOD_NOT_CLOSED');
    expect(await codeOf(start('2026-11'))).toBe('PERIOD_NOT_CLOSED');
    world.clock.set(OCTOBER_RUN_MS);
    expect(await codeOf(start('2026-13'))).toBe('VALIDATION_FAILED');
    await start('2026-10');
    expect(await codeOf(start('2026-09'))).toBe('PERIOD_BEFORE_BILLING_START');
    world.clock.set(Date.parse('2027-01-05T00:00:00.000Z'));
    expect(await codeOf(start('2026-11'))).toBe('PREVIOUS_PERIOD_NOT_BILLED');
    await world.drain();
    expect((await start('2026-11')).status).toBe('running');
    expect(await codeOf(start('2026-12'))).toBe('PREVIOUS_PERIOD_NOT_BILLED');
  });

  it('opens billing only at the last closed month or a month with activity: a stray first run opens nothing', async () => {
    // Prepare: money moved in August 2026 (the parties' top-ups), nothing in September.
    const world = makeBillingWorld();
    world.clock.set(Date.parse('2026-08-10T09:00:00.000Z'));
    await setUpParties(world);
    world.clock.set(OCTOBER_RUN_MS);
    const start = (period: string) =>
      startRun(world.billing, { period, runId: `run-${period}-${Math.random()}`, trigger: 'operator', requestedBy: 'test' });

    // Act, Assess: a month without activity that is not the last closed one is refused, and the calendar stays closed.
    expect(await codeOf(start('2000-01'))).toBe('PERIOD_WITHOUT_ACTIVITY');
    expect(await codeOf(start('2026-09'))).toBe('PERIOD_WITHOUT_ACTIVITY');
    expect(await world.billing.runs.calendar()).toBeUndefined();

    // Act, Assess: August had activity, so billing can start there.
    expect((await start('2026-08')).status).toBe('running');
    expect(await world.billing.runs.calendar()).toMatchObject({ firstPeriod: '2026-08' });
  });

  it('in the settle minute after a month ends, the last closed month is still that month: an empty month before it opens nothing (probe AR)', async () => {
    // Prepare: nothing moved in October or November.
    const world = makeBillingWorld();
    const start = (period: string) =>
      startRun(world.billing, { period, runId: `run-${period}-${Math.random()}`, trigger: 'operator', requestedBy: 'test' });

    // Act, Assess: 15 s after November ended, November cannot be billed yet and empty October is not the last closed month.
    world.clock.set(Date.parse('2026-12-01T00:00:15.000Z'));
    expect(await codeOf(start('2026-11'))).toBe('PERIOD_NOT_CLOSED');
    await expect(start('2026-10')).rejects.toMatchObject({
      code: 'PERIOD_WITHOUT_ACTIVITY',
      fields: [{ field: 'period', message: 'must be "2026-11" or a month with recorded activity' }],
    });
    expect(await world.billing.runs.calendar()).toBeUndefined();

    // Act, Assess: once November may be billed, it opens the calendar (what the monthly schedule bills).
    world.clock.set(Date.parse('2026-12-01T00:01:00.000Z'));
    expect((await start('2026-11')).status).toBe('running');
    expect(await world.billing.runs.calendar()).toMatchObject({ firstPeriod: '2026-11' });
  });

  it('opens billing at the last closed month even when nothing moved in it', async () => {
    const world = makeBillingWorld();
    world.clock.set(OCTOBER_RUN_MS);
    const run = await startRun(world.billing, {
      period: '2026-10',
      runId: 'run-empty',
      trigger: 'operator',
      requestedBy: 'test',
    });
    expect(run.status).toBe('running');
    await world.drain();
    expect(await world.billing.runs.getRun('run-empty')).toMatchObject({ status: 'completed', progress: { partiesTotal: 0 } });
  });

  it('answers the same run for the same id, and fixes the cut-off once per period', async () => {
    const world = makeBillingWorld();
    world.clock.set(OCTOBER_RUN_MS);
    const first = await startRun(world.billing, { period: '2026-10', runId: 'run-a', trigger: 'operator', requestedBy: 'test' });
    world.clock.advanceSeconds(3_600);
    const again = await startRun(world.billing, { period: '2026-10', runId: 'run-a', trigger: 'operator', requestedBy: 'test' });
    const other = await startRun(world.billing, { period: '2026-10', runId: 'run-b', trigger: 'operator', requestedBy: 'test' });
    expect(again).toEqual(first);
    expect(other.asOfMs).toBe(first.asOfMs);
    expect(first.asOfMs).toBe(OCTOBER_RUN_MS - 60_000);
  });
});

describe('the periods a run may name (probe n F3)', () => {
  it('ends at 9989-12, whose PERIOD_NOT_CLOSED names a plain date-time; a later year is no period', async () => {
    // Prepare
    const world = makeBillingWorld();
    const start = (period: string) =>
      startRun(world.billing, { period, runId: `run-${period}`, trigger: 'operator', requestedBy: 'test' });

    // Act
    const last = await start('9989-12').catch((error: unknown) => error);
    const beyond = await start('9999-12').catch((error: unknown) => error);

    // Assess
    expect(last).toMatchObject({
      code: 'PERIOD_NOT_CLOSED',
      detail: 'Period "9989-12" can be billed from 9990-01-01T00:01:00.000Z.',
    });
    expect(beyond).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'period' }] });
  });
});
