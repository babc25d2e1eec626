import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { MemoryStatementStore } from '../../../shared/adapters/memory/billing';
import { describe, expect, it } from 'vitest';
import { makeHandler as makeRemittanceGetHandler } from '../../../functions/billing-remittance-get/handler';
import { makeHandler as makeRemittanceHandler } from '../../../functions/billing-remittance-import/handler';
import { makeHandler as makeRunCreateHandler } from '../../../functions/billing-run-create/handler';
import { makeHandler as makeRunGetHandler } from '../../../functions/billing-run-get/handler';
import { makeHandler as makeRunScheduleHandler } from '../../../functions/billing-run-schedule/handler';
import { makeHandler as makeStatementGetHandler } from '../../../functions/statement-get/handler';
import { makeHandler as makeStatementListHandler } from '../../../functions/statement-list/handler';
import { statementIdFor } from '../../../shared/domain/billing/ids';
import type { Principal } from '../../../shared/domain/principal';
import { randomIds } from '../../../shared/ids';
import { apiEvent, call, memoryIdempotency, TEST_BASE } from '../../fixtures/handlers';
import { makeBillingWorld } from '../../fixtures/billing-world';
import { billedOctober } from '../../fixtures/billing-scenario';

/**
 * The billing API functions through their makeHandler with in-memory ports: who may call,
 * what they read from the event, the status and body they answer.
 */
const OPERATOR: Principal = { role: 'operator', subject: 'op-h' };

const billed = async () => {
  const world = makeBillingWorld();
  const { parties, run } = await billedOctober(world);
  const deps = { ...TEST_BASE, ...world.billing, ...memoryIdempotency(world.clock), ids: randomIds };
  return { world, parties, run, deps };
};

/** The raw answer (statements are served as stored bytes, CSV is not JSON). */
const raw = (result: Promise<APIGatewayProxyResult>) => result;

describe('POST /v1/billing-runs and GET /v1/billing-runs/{id}', () => {
  it('starts a run for an operator: 201 with the pinned shape, and the same run again for the same Idempotency-Key', async () => {
    const { world, deps } = await billed();
    world.clock.set(Date.parse('2026-12-02T00:00:00.000Z'));
    const handler = makeRunCreateHandler(deps);
    const event = () =>
      apiEvent({
        method: 'POST',
        path: '/v1/billing-runs',
        principal: OPERATOR,
        body: { period: '2026-11' },
        headers: { 'idempotency-key': 'k-1' },
      });
    const first = await call(handler, event());
    const again = await call(handler, event());
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      period: '2026-11',
      status: 'running',
      progress: { partiesTotal: 0, partiesDone: 0, partiesFailed: 0 },
    });
    expect(again.body['id']).toBe(first.body['id']);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it('refuses other roles (403), a malformed period (422), an open month (409)', async () => {
    const { deps } = await billed();
    const handler = makeRunCreateHandler(deps);
    const post = (principal: Principal, period: unknown) =>
      call(handler, apiEvent({ method: 'POST', path: '/v1/billing-runs', principal, body: { period } }));
    expect((await post({ role: 'provider', subject: 'p' }, '2026-10')).status).toBe(403);
    expect((await post(OPERATOR, '2026-13')).body).toMatchObject({ status: 422, code: 'VALIDATION_FAILED' });
    expect((await post(OPERATOR, '2026-11')).body).toMatchObject({ status: 409, code: 'PERIOD_NOT_CLOSED' });
  });

  it('shows a run to an operator, and is 404 for an unknown one', async () => {
    const { deps, run } = await billed();
    const get = (id: string) =>
      call(
        makeRunGetHandler(deps),
        apiEvent({ method: 'GET', path: `/v1/billing-runs/${id}`, principal: OPERATOR, pathParameters: { id } }),
      );
    expect((await get(run.id)).body).toMatchObject({ id: run.id, status: 'completed', reconciliation: { ok: true } });
    expect((await get('run_nothing')).body).toMatchObject({ status: 404, code: 'BILLING_RUN_NOT_FOUND' });
  });

  it('starts the month before the scheduled time from the schedule, once', async () => {
    const { deps, world } = await billed();
    world.clock.set(Date.parse('2026-12-01T02:00:05.000Z'));
    const handler = makeRunScheduleHandler({ ...deps, builds: new MemoryStatementStore(), runNudgeAfterSeconds: 3_600 });
    const input = {
      source: 'kippu.schedule' as const,
      scheduleId: 'billingMonthly',
      detail: { scheduledTime: '2026-12-01T02:00:00.000Z' },
    };
    expect(await handler(input)).toMatchObject({ started: true, period: '2026-11' });
    expect(await handler(input)).toEqual({ started: false });
  });

  it('nudges the running run from the nudge schedule, and starts nothing', async () => {
    // Prepare: November's run started by the monthly schedule, its coordinator message lost.
    const { deps, world } = await billed();
    world.clock.set(Date.parse('2026-12-01T02:00:05.000Z'));
    const handler = makeRunScheduleHandler({ ...deps, builds: new MemoryStatementStore(), runNudgeAfterSeconds: 3_600 });
    const started = await handler({
      source: 'kippu.schedule',
      scheduleId: 'billingMonthly',
      detail: { scheduledTime: '2026-12-01T02:00:00.000Z' },
    });
    world.queue.runs.length = 0;
    world.clock.advanceSeconds(3_600);

    // Act
    const nudged = await handler({ source: 'kippu.schedule', scheduleId: 'billingRunNudge' });

    // Assess
    const runId = 'runId' in started ? started.runId : undefined;
    expect(runId).toBeDefined();
    expect(nudged).toEqual({ nudged: true, runId, period: '2026-11' });
    expect(world.queue.runs).toEqual([runId]);
  });
});

describe('GET /v1/statements/{id} and GET /v1/statements', () => {
  it('serves the stored JSON bytes, or the CSV, to the party; anyone else gets 404', async () => {
    const { deps, parties, world } = await billed();
    const id = statementIdFor('2026-10', 'customer', parties.c1.id, 'JPY');
    const record = await world.billing.statements.get(id);
    const get = (principal: Principal, query?: Record<string, string>) =>
      raw(
        makeStatementGetHandler(deps)(
          apiEvent({
            method: 'GET',
            path: `/v1/statements/${id}`,
            principal,
            pathParameters: { id },
            ...(query === undefined ? {} : { query }),
          }),
          { awsRequestId: 'test' } as Context,
        ),
      );
    const json = await get({ role: 'customer', subject: parties.c1.id });
    expect(json.statusCode).toBe(200);
    expect(json.body).toBe(await world.billing.statements.document(record as NonNullable<typeof record>, 'json'));
    const csv = await get({ role: 'customer', subject: parties.c1.id }, { format: 'csv' });
    expect(csv.headers?.['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body.startsWith('statementId,period,currency,line,')).toBe(true);
    expect((await get({ role: 'customer', subject: parties.c2.id })).statusCode).toBe(404);
    expect((await get({ role: 'provider', subject: parties.provider.id })).statusCode).toBe(404);
    // An agent may read statements (its own agent statements), not a customer's bill.
    expect((await get({ role: 'agent', subject: parties.agent.id })).statusCode).toBe(404);
    expect((await get({ role: 'customer', subject: parties.c1.id }, { format: 'pdf' })).statusCode).toBe(422);
  });

  it('answers a page that is not a decimal page number 404 STATEMENT_PAGE_NOT_FOUND, whatever its characters; a malformed id stays 400', async () => {
    // Prepare
    const { deps, parties } = await billed();
    const id = statementIdFor('2026-10', 'customer', parties.c1.id, 'JPY');
    const page = (page: string, statementId = id) =>
      call(
        makeStatementGetHandler(deps),
        apiEvent({
          method: 'GET',
          path: `/v1/statements/${statementId}/pages/${encodeURIComponent(page)}`,
          principal: { role: 'customer', subject: parties.c1.id },
          pathParameters: { id: statementId, page },
        }),
      );

    // Act
    const answers = await Promise.all(['+1', '1 ', ' ', '1/2', 'x'.repeat(200), '1'].map((number) => page(number)));
    const malformedId = await page('1', 'stm bad');

    // Assess: docs/billing.md, "Paged statements": anything but a decimal page number is 404.
    expect(answers.map((answer) => [answer.status, answer.body['code']])).toEqual(
      Array.from({ length: 6 }, () => [404, 'STATEMENT_PAGE_NOT_FOUND']),
    );
    expect(answers[0]?.body['detail']).toBe(`Statement ${JSON.stringify(id)} is not paged: its lines are in its document.`);
    expect(malformedId).toMatchObject({ status: 400, body: { code: 'MALFORMED_PATH', errors: [{ field: 'id' }] } });
  });

  it('lists { items, nextCursor } for the party itself; a cursor it did not hand out is 400', async () => {
    const { deps, parties } = await billed();
    const list = (principal: Principal, query: Record<string, string> = {}) =>
      call(makeStatementListHandler(deps), apiEvent({ method: 'GET', path: '/v1/statements', principal, query }));
    const own = await list({ role: 'provider', subject: parties.provider.id });
    expect(own.status).toBe(200);
    expect(own.body).not.toHaveProperty('nextCursor');
    expect((own.body['items'] as { kind: string }[]).map((item) => item.kind)).toEqual(['provider_statement']);
    const paged = await list(OPERATOR, { partyId: parties.c1.id, limit: '1' });
    expect((paged.body['items'] as unknown[]).length).toBe(1);
    expect((await list({ role: 'customer', subject: parties.c2.id }, { partyId: parties.c1.id })).status).toBe(404);
    expect((await list(OPERATOR)).body).toMatchObject({ status: 422, code: 'VALIDATION_FAILED' });
    expect((await list(OPERATOR, { partyId: 'cus_doesnotexist00000000' })).body).toMatchObject({
      status: 404,
      code: 'PARTY_NOT_FOUND',
      errors: [{ field: 'partyId' }],
    });
    expect((await list({ role: 'customer', subject: parties.c1.id }, { cursor: 'bm9wZQ' })).body).toMatchObject({
      status: 400,
      code: 'INVALID_CURSOR',
    });
  });
});

describe('POST /v1/billing-runs/{id}/remittances and GET …/remittances/{agentId}[/differences]', () => {
  it('accepts a CSV report: 202 with the import, 200 for the same report, the import and its differences read while and once posted', async () => {
    const { deps, parties, run, world } = await billed();
    const remittance = {
      ...world.billing,
      remittances: world.remittances,
      remittanceToleranceMinor: 0,
      parties: world.parties,
    };
    const handler = makeRemittanceHandler({ ...deps, remittance, remittanceRead: remittance });
    const reader = makeRemittanceGetHandler({ ...deps, remittance });
    const post = (body: string, contentType = 'text/csv', key?: string) =>
      call(handler, {
        ...apiEvent({
          method: 'POST',
          path: `/v1/billing-runs/${run.id}/remittances`,
          principal: OPERATOR,
          pathParameters: { id: run.id },
          query: { agentId: parties.agent.id },
          headers: { 'content-type': contentType, ...(key === undefined ? {} : { 'idempotency-key': key }) },
        }),
        body,
      });
    const path = `/v1/billing-runs/${run.id}/remittances/${parties.agent.id}`;
    const read = (suffix = '', principal: Principal = OPERATOR) =>
      call(
        reader,
        apiEvent({
          method: 'GET',
          path: `${path}${suffix}`,
          principal,
          pathParameters: { id: run.id, agentId: parties.agent.id },
        }),
      );
    const csv = `customerId,currency,remittedMinor\n${parties.c1.id},JPY,900\n`;

    // Act
    const first = await post(csv, 'text/csv', 'key-1');
    const replayedWhileImporting = await post(csv, 'text/csv', 'key-1');
    const repeat = await post(csv);
    const repeatUnderAnotherKey = await post(csv, 'text/csv', 'key-2');
    const replayOfTheRepeatWhileImporting = await post(csv, 'text/csv', 'key-2');
    const whileImporting = await read();
    await world.drain();
    const replayedOnceCompleted = await post(csv, 'text/csv', 'key-1');
    const replayOfTheRepeatOnceCompleted = await post(csv, 'text/csv', 'key-2');
    const completed = await read();
    const differences = await read('/differences');

    // Assess
    expect(first).toMatchObject({
      status: 202,
      headers: { location: path },
      body: { runId: run.id, agentId: parties.agent.id, status: 'importing', matched: 0, differenceCount: 1, chunksDone: 0 },
    });
    expect(first.body).not.toHaveProperty('differences');
    expect(replayedWhileImporting).toMatchObject({ status: 202, headers: { 'idempotent-replayed': 'true', location: path } });
    expect(repeat).toMatchObject({ status: 200, headers: { location: path }, body: { status: 'importing' } });
    expect(whileImporting).toMatchObject({ status: 200, body: { status: 'importing' } });
    expect(replayedOnceCompleted).toMatchObject({
      status: 200,
      headers: { 'idempotent-replayed': 'true' },
      body: { status: 'completed', adjusted: 1 },
    });
    expect(completed.body).toEqual(replayedOnceCompleted.body);
    // A key whose first answer was the 200 of the same report sent again is refreshed too (probe AH1).
    expect(repeatUnderAnotherKey).toMatchObject({ status: 200, body: { status: 'importing', chunksDone: 0 } });
    expect(replayOfTheRepeatWhileImporting).toMatchObject({
      status: 202,
      headers: { 'idempotent-replayed': 'true', location: path },
      body: { status: 'importing' },
    });
    expect(replayOfTheRepeatOnceCompleted).toMatchObject({
      status: 200,
      headers: { 'idempotent-replayed': 'true', location: path },
      body: { status: 'completed', adjusted: 1, chunksDone: 1 },
    });
    expect(replayOfTheRepeatOnceCompleted.body).toEqual(completed.body);
    expect(completed.body).toMatchObject({
      status: 'completed',
      adjusted: 1,
      chunksDone: 1,
      totals: [{ currency: 'JPY', shortfallMinor: 100 }],
    });
    expect(differences).toMatchObject({
      status: 200,
      body: { items: [{ customerId: parties.c1.id, differenceMinor: -100, outcome: 'adjusted' }] },
    });
    expect(differences.body).not.toHaveProperty('nextCursor');
    expect((await post(csv, 'application/json')).status).toBe(415);
    expect((await post('nonsense')).body).toMatchObject({ status: 422, code: 'VALIDATION_FAILED' });
    expect((await read('', { role: 'agent', subject: parties.agent.id })).status).toBe(403);
  });
});
