import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { activityShardOf } from '../../shared/domain/billing/activity';
import type {
  ActivityIndex,
  ActivityMark,
  BillingRunStore,
  RemittanceStore,
  StatementStore,
} from '../../shared/domain/billing/ports';
import type { PartyOutcome, RunRecord, StatementRecord } from '../../shared/domain/billing/types';
import { statementIdFor } from '../../shared/domain/billing/ids';
import { BILLING_ACTIVITY_SHARDS } from '../../shared/limits';
import { codeOf } from '../fixtures/errors';

/**
 * One behaviour suite for billing's stores, run against the in-memory ones (unit) and the
 * DynamoDB ones (integration), so the fakes cannot drift from the real thing.
 */
export interface BillingStores {
  readonly activity: ActivityIndex;
  readonly statements: StatementStore;
  readonly runs: BillingRunStore;
  readonly remittances: RemittanceStore;
}

const unique = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;

const listAll = async (activity: ActivityIndex, period: string, limit: number): Promise<ActivityMark[]> => {
  const marks: ActivityMark[] = [];
  for (let shard = 0; shard < BILLING_ACTIVITY_SHARDS; shard += 1) {
    let cursor: string | undefined;
    do {
      const page = await activity.list(period, shard, { limit, ...(cursor === undefined ? {} : { cursor }) });
      marks.push(...page.marks);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
  }
  return marks;
};

export const statementRecord = (partyId: string, period: string, overrides: Partial<StatementRecord> = {}): StatementRecord => ({
  id: statementIdFor(period, 'provider', partyId, 'JPY'),
  partyId,
  period,
  kind: 'provider_statement',
  currency: 'JPY',
  token: `token-${Math.random()}`,
  sha256: 'a'.repeat(64),
  csvSha256: 'b'.repeat(64),
  jsonBytes: 10,
  csvBytes: 10,
  lineCount: 1,
  asOfMs: Date.parse(`${period}-01T00:00:00Z`) + 40 * 86_400_000,
  periodEndMs: Date.parse(`${period}-01T00:00:00Z`) + 31 * 86_400_000,
  closingBalances: { [`revenue:${partyId}:JPY`]: 0 },
  reconciliation: {
    currency: 'JPY',
    side: 'provider',
    salesMinor: 1,
    salesFingerprint: '1',
    refundsMinor: 0,
    refundsFingerprint: '0',
    platformFeesMinor: 0,
  },
  createdAtMs: 1,
  ...overrides,
});

const documentsOf = (text: string) => ({ json: `{"text":${JSON.stringify(text)}}`, csv: `a,b\r\n${text}\r\n` });

const newRun = (id: string, period = '2026-10'): RunRecord => ({
  id,
  period,
  status: 'running',
  progress: { partiesTotal: 0, partiesDone: 0, partiesFailed: 0 },
  trigger: 'operator',
  requestedBy: 'operator:op',
  asOfMs: 1,
  listing: { shard: 0, complete: false, version: 0 },
  createdAtMs: 1,
});

export const billingStoresContract = (name: string, make: () => Promise<BillingStores>) =>
  describe(`billing stores contract: ${name}`, () => {
    describe('activity index', () => {
      it('lists every party marked in a month exactly once, over all shards and pages, and nothing of other months', async () => {
        const { activity } = await make();
        const period = `2026-${String(Math.floor(Math.random() * 9) + 1).padStart(2, '0')}`;
        const marks = Array.from({ length: 40 }, (_, index): ActivityMark => ({
          period,
          kind: index % 2 === 0 ? 'customer' : 'provider',
          partyId: unique(`p${index}`),
          currency: 'JPY',
        }));
        await activity.mark(marks);
        await activity.mark(marks.slice(0, 10));
        await activity.mark([{ period: '2025-01', kind: 'customer', partyId: unique('other'), currency: 'JPY' }]);
        const listed = (await listAll(activity, period, 3)).filter((mark) => marks.some((each) => each.partyId === mark.partyId));
        expect(listed).toHaveLength(40);
        expect(new Set(listed.map((mark) => mark.partyId)).size).toBe(40);
        expect(listed.every((mark) => mark.period === period)).toBe(true);
      });

      it('spreads a month over its shards', async () => {
        const shards = new Set(Array.from({ length: 200 }, (_, index) => activityShardOf(`party-${index}`)));
        expect(shards.size).toBe(BILLING_ACTIVITY_SHARDS);
      });
    });

    describe('statements', () => {
      it('stores a statement once: a second save of the same id returns the first, documents included', async () => {
        const { statements } = await make();
        const partyId = unique('prv');
        const first = statementRecord(partyId, '2026-10');
        const text = 'é'.repeat(300_000) + ' ünïcödé';
        expect(await statements.save(first, documentsOf(text))).toEqual(first);
        // Another attempt's documents differ in their token and (had its content differed) in its CSV digest.
        const second = { ...first, token: 'another-token', csvSha256: 'c'.repeat(64) };
        expect(await statements.save(second, documentsOf('other'))).toEqual(first);
        expect(await statements.get(first.id)).toEqual(first);
        const stored = (await statements.get(first.id)) as StatementRecord;
        expect(await statements.document({ ...stored, jsonBytes: Buffer.byteLength(documentsOf(text).json) }, 'json')).toBe(
          documentsOf(text).json,
        );
        expect(await statements.document({ ...stored, csvBytes: Buffer.byteLength(documentsOf(text).csv) }, 'csv')).toBe(
          documentsOf(text).csv,
        );
      });

      it("stores a paged statement's pages with it, once: an attempt with another page size never mixes its pages with the stored ones", async () => {
        const { statements } = await make();
        const first = statementRecord(unique('prv'), '2026-10', { pageCount: 3, lineCount: 3, pageLines: 1 });
        // Incompressible pages, so that a page spans several gzip parts where the store cuts them.
        const page = (index: number, text: string) => ({
          json: `{"page":${index},"text":${JSON.stringify(text)}}`,
          csv: `a,b\r\n${index},${text}\r\n`,
        });
        const pagesOf = (seed: string, size: number) =>
          [1, 2, 3].map((index) => page(index, `${seed}${randomBytes(size).toString('base64')}`));
        const pages = pagesOf('first', 300_000);
        expect(await statements.save(first, { ...documentsOf('head'), pages })).toEqual(first);
        const second = { ...first, token: 'another-token', csvSha256: 'c'.repeat(64), pageLines: 2 };
        expect(await statements.save(second, { ...documentsOf('other'), pages: pagesOf('second', 700_000) })).toEqual(first);
        const stored = (await statements.get(first.id)) as StatementRecord;
        for (const [index, expected] of pages.entries()) {
          expect(await statements.page(stored, index + 1, 'json')).toBe(expected.json);
          expect(await statements.page(stored, index + 1, 'csv')).toBe(expected.csv);
        }
        expect(await statements.document({ ...stored, jsonBytes: Buffer.byteLength(documentsOf('head').json) }, 'json')).toBe(
          documentsOf('head').json,
        );
      });

      it('moves a build one step at a time, each step once, and keeps its texts and pages', async () => {
        const { statements } = await make();
        const statementId = unique('stm');
        const build = {
          statementId,
          step: 0,
          period: '2026-10',
          party: { kind: 'provider' as const, partyId: 'prv_x', currency: 'JPY' },
          movedAtMs: 1_000,
          pageLines: 2,
          phase: 'scan' as const,
          scan: { account: 0, parts: 0, entries: 0 },
          openingBalances: { 'revenue:x:JPY': 5 },
          magnitude: '0',
          itemsRead: 0,
          pages: [],
          lineCount: 0,
          movedMinor: 0,
        };
        expect(await statements.build(statementId)).toBeUndefined();
        expect(await statements.advanceBuild(build, undefined)).toBe(true);
        expect(await statements.advanceBuild(build, undefined)).toBe(false);
        const next = { ...build, step: 1, phase: 'sort' as const };
        expect(await statements.advanceBuild(next, 0)).toBe(true);
        expect(await statements.advanceBuild({ ...next, step: 1, itemsRead: 9 }, 0)).toBe(false);
        expect(await statements.build(statementId)).toEqual(next);
        const text = randomBytes(500_000).toString('base64');
        await statements.putBuildText(statementId, 'index#00001', text);
        await statements.putBuildText(statementId, 'index#00001', text);
        expect(await statements.buildText(statementId, 'index#00001')).toBe(text);
        expect(await statements.buildText(statementId, 'index#00002')).toBeUndefined();
        const record = statementRecord(unique('prv'), '2026-10', { id: statementId, pageCount: 2, lineCount: 3, pageLines: 2 });
        await statements.putPage(statementId, 2, 1, { json: '{"page":1}', csv: 'a\r\n1\r\n' });
        await statements.putPage(statementId, 2, 2, { json: '{"page":2}', csv: 'a\r\n2\r\n' });
        expect(await statements.save(record, documentsOf('head'))).toEqual(record);
        expect(await statements.page(record, 2, 'json')).toBe('{"page":2}');
        expect(await statements.page(record, 1, 'csv')).toBe('a\r\n1\r\n');
        expect(await statements.lookup(statementId, 'provider', record.partyId, 'JPY')).toMatchObject({
          stored: record,
          build: next,
        });

        // Stored: the build is dropped (its record and texts), the statement and its pages stay; dropping again is nothing.
        await statements.putBuildText(statementId, 'units#00001', 'units');
        await statements.dropBuild(statementId);
        await statements.dropBuild(statementId);
        expect(await statements.build(statementId)).toBeUndefined();
        expect(await statements.buildText(statementId, 'index#00001')).toBeUndefined();
        expect(await statements.buildText(statementId, 'units#00001')).toBeUndefined();
        expect(await statements.lookup(statementId, 'provider', record.partyId, 'JPY')).not.toHaveProperty('build');
        expect(await statements.get(statementId)).toEqual(record);
        expect(await statements.page(record, 2, 'json')).toBe('{"page":2}');
        const jsonBytes = Buffer.byteLength(documentsOf('head').json);
        expect(await statements.document({ ...record, jsonBytes }, 'json')).toBe(documentsOf('head').json);
      });

      it("moves the party's position to its last statement", async () => {
        const { statements } = await make();
        const partyId = unique('prv');
        expect(await statements.position('provider', partyId, 'JPY')).toBeUndefined();
        await statements.save(statementRecord(partyId, '2026-10'), documentsOf('x'));
        const november = statementRecord(partyId, '2026-11', { closingBalances: { [`revenue:${partyId}:JPY`]: -850 } });
        await statements.save(november, documentsOf('y'));
        expect(await statements.lookup(november.id, 'provider', partyId, 'JPY')).toEqual({
          stored: november,
          position: await statements.position('provider', partyId, 'JPY'),
        });
        expect(await statements.lookup('stm_none', 'customer', partyId, 'JPY')).toEqual({});
        expect(await statements.position('provider', partyId, 'JPY')).toEqual({
          kind: 'provider',
          partyId,
          currency: 'JPY',
          period: '2026-11',
          statementId: november.id,
          periodEndMs: november.periodEndMs,
          asOfMs: november.asOfMs,
          closingBalances: { [`revenue:${partyId}:JPY`]: -850 },
        });
      });

      it("lists a party's statements by period in pages, by kind, and refuses a cursor of another list", async () => {
        const { statements } = await make();
        const partyId = unique('prv');
        for (const period of ['2026-09', '2026-10', '2026-11']) {
          await statements.save(statementRecord(partyId, period), documentsOf(period));
        }
        const query = { partyId, kinds: ['provider_statement'] as const, bytesMax: 1_000_000 };
        const first = await statements.listForParty({ ...query, limit: 2 });
        expect(first.records.map((record) => record.period)).toEqual(['2026-09', '2026-10']);
        expect(first.nextCursor).toBeDefined();
        const second = await statements.listForParty({ ...query, limit: 2, cursor: first.nextCursor as string });
        expect(second.records.map((record) => record.period)).toEqual(['2026-11']);
        expect(second.nextCursor).toBeUndefined();
        const october = await statements.listForParty({ ...query, limit: 5, period: '2026-10' });
        expect(october.records.map((record) => record.period)).toEqual(['2026-10']);
        expect((await statements.listForParty({ ...query, kinds: ['customer_bill'], limit: 5 })).records).toEqual([]);
        const byBytes = await statements.listForParty({ ...query, limit: 5, bytesMax: 15 });
        expect(byBytes.records).toHaveLength(1);
        expect(byBytes.nextCursor).toBeDefined();
        const otherCursor = (await statements.listForParty({ ...query, partyId: unique('other'), limit: 1 })).nextCursor;
        expect(otherCursor).toBeUndefined();
        expect(
          await codeOf(statements.listForParty({ ...query, limit: 2, period: '2026-09', cursor: first.nextCursor as string })),
        ).toBe('INVALID_CURSOR');
        expect(await codeOf(statements.listForParty({ ...query, limit: 2, cursor: 'not-a-cursor' }))).toBe('INVALID_CURSOR');
      });

      it('keeps what each bill asks a carrier to collect', async () => {
        const { statements } = await make();
        const agentId = unique('agt');
        for (const customerId of ['c1', 'c2', 'c3']) {
          const record = { ...statementRecord(unique(customerId), '2026-10'), kind: 'customer_bill' as const };
          await statements.save(record, documentsOf(customerId), {
            period: '2026-10',
            agentId,
            customerId,
            currency: 'JPY',
            statementId: record.id,
            amountMinor: 100,
          });
        }
        const first = await statements.collections('2026-10', agentId, { limit: 2 });
        const rest = await statements.collections('2026-10', agentId, { limit: 2, cursor: first.nextCursor as string });
        expect([...first.records, ...rest.records].map((record) => record.customerId).sort()).toEqual(['c1', 'c2', 'c3']);
      });
    });

    describe('runs', () => {
      it('opens the calendar once and moves its last completed period forward only', async () => {
        const { runs } = await make();
        const first = (await runs.calendar())?.firstPeriod ?? (await runs.openCalendar('2026-10')).firstPeriod;
        expect((await runs.openCalendar('2027-01')).firstPeriod).toBe(first);
        await runs.createPeriod({ period: '2026-12', asOfMs: 1, firstRunId: 'r', latestRunId: 'r', completed: false });
        await runs.completePeriod('2026-12');
        await runs.completePeriod('2026-11');
        expect((await runs.calendar())?.lastCompletedPeriod).toBe('2026-12');
        expect((await runs.period('2026-12'))?.completed).toBe(true);
      });

      it('fixes a period once and remembers its latest run', async () => {
        const { runs } = await make();
        const period = `20${Math.floor(Math.random() * 50) + 30}-03`;
        await runs.createPeriod({ period, asOfMs: 5, firstRunId: 'a', latestRunId: 'a', completed: false });
        expect(await runs.createPeriod({ period, asOfMs: 9, firstRunId: 'b', latestRunId: 'b', completed: false })).toMatchObject(
          {
            asOfMs: 5,
            firstRunId: 'a',
          },
        );
        await runs.setLatestRun(period, 'b');
        expect(await runs.period(period)).toEqual({ period, asOfMs: 5, firstRunId: 'a', latestRunId: 'b', completed: false });
      });

      it("lists a period's runs newest first in pages, with their progress, and refuses another period's cursor", async () => {
        const { runs } = await make();
        const period = `2${Math.floor(Math.random() * 900) + 100}-07`;
        const started = [3, 1, 2].map((minute) => ({ ...newRun(unique('run'), period), createdAtMs: minute * 60_000 }));
        for (const run of started) await runs.createRun(run);
        await runs.createRun({ ...newRun(unique('run'), '2027-01'), createdAtMs: 4 * 60_000 });
        await runs.advanceListing(
          started[1]?.id ?? '',
          started[1]?.listing ?? newRun('x').listing,
          { shard: 0, complete: true, version: 1 },
          5,
        );

        const first = await runs.listRuns(period, { limit: 2 });
        const second = await runs.listRuns(period, {
          limit: 2,
          ...(first.nextCursor === undefined ? {} : { cursor: first.nextCursor }),
        });

        expect(first.records.map((run) => run.createdAtMs)).toEqual([180_000, 120_000]);
        expect(second.records.map((run) => run.createdAtMs)).toEqual([60_000]);
        expect(second.records[0]).toMatchObject({ id: started[1]?.id, period, progress: { partiesTotal: 5 } });
        expect(second.nextCursor).toBeUndefined();
        const other = await runs.listRuns('2027-01', { limit: 2 });
        expect(other.records.length).toBeGreaterThan(0);
        expect(other.records.every((run) => run.period === '2027-01')).toBe(true);
        const refused = await runs
          .listRuns('2027-01', { limit: 2, cursor: first.nextCursor ?? '' })
          .catch((error: unknown) => error);
        expect(refused).toMatchObject({ code: 'INVALID_CURSOR' });
        expect(await runs.getRun(started[0]?.id ?? '')).toEqual(started[0]);
      });

      it('counts each listed page once, whoever else tries the same page', async () => {
        const { runs } = await make();
        const run = await runs.createRun(newRun(unique('run')));
        expect(await runs.createRun({ ...newRun(run.id), period: '2027-01' })).toEqual(run);
        const next = { shard: 0, cursor: 'c', complete: false, version: 1 };
        expect(await runs.advanceListing(run.id, run.listing, next, 7)).toBe(true);
        expect(await runs.advanceListing(run.id, run.listing, next, 7)).toBe(false);
        expect(await runs.getRun(run.id)).toMatchObject({ listing: next, progress: { partiesTotal: 7, partiesDone: 0 } });
      });

      it("records each party's outcome once, counts it, and lists them all", async () => {
        const { runs } = await make();
        const run = await runs.createRun(newRun(unique('run')));
        const outcome = (partyId: string, result: 'done' | 'failed'): PartyOutcome => ({
          runId: run.id,
          kind: 'customer',
          partyId,
          currency: 'JPY',
          result,
          ...(result === 'failed'
            ? { failure: { kind: 'customer', partyId, currency: 'JPY', code: 'X', detail: 'Broken.' } }
            : {}),
        });
        const recorded = await Promise.all(
          ['a', 'b', 'c', 'a', 'b'].map((partyId) => runs.recordOutcome(outcome(partyId, 'done'))),
        );
        expect(recorded.filter(Boolean)).toHaveLength(3);
        expect(await runs.recordOutcome(outcome('d', 'failed'))).toBe(true);
        expect((await runs.getRun(run.id))?.progress).toEqual({ partiesTotal: 0, partiesDone: 3, partiesFailed: 1 });
        const first = await runs.outcomes(run.id, { limit: 3 });
        const rest = await runs.outcomes(run.id, { limit: 3, cursor: first.nextCursor as string });
        expect([...first.outcomes, ...rest.outcomes].map((each) => each.partyId).sort()).toEqual(['a', 'b', 'c', 'd']);
      });

      it('finishes a run once', async () => {
        const { runs } = await make();
        const run = await runs.createRun(newRun(unique('run')));
        const finish = {
          status: 'completed' as const,
          reconciliation: { ok: true, currencies: [], mismatches: [] },
          failures: [],
          finishedAtMs: 9,
        };
        expect(await runs.finishRun(run.id, finish)).toBe(true);
        expect(await runs.finishRun(run.id, { ...finish, status: 'failed' })).toBe(false);
        expect(await runs.getRun(run.id)).toMatchObject({ status: 'completed', finishedAtMs: 9 });
      });
    });

    describe('remittances', () => {
      it('begins one import per period and carrier and moves it chunk by chunk, each chunk once', async () => {
        const { remittances } = await make();
        const agentId = unique('agt');
        const record = {
          id: 'rmt_1',
          runId: 'run',
          period: '2026-10',
          agentId,
          csvSha256: 'x',
          toleranceMinor: 0,
          status: 'importing' as const,
          rows: 1,
          matched: 0,
          differenceCount: 3,
          chunkSize: 2,
          chunks: 2,
          chunksDone: 0,
          withinTolerance: 0,
          adjusted: 0,
          refused: 0,
          totals: [{ currency: 'JPY', shortfallMinor: 0, surplusMinor: 0 }],
          createdAtMs: 1,
        };
        expect(await remittances.begin(record)).toEqual({ record, created: true });
        expect(await remittances.begin({ ...record, csvSha256: 'y' })).toEqual({ record, created: false });
        const once = { ...record, chunksDone: 1, adjusted: 2 };
        expect([await remittances.advance(once, 0), await remittances.advance({ ...once, adjusted: 9 }, 0)]).toEqual([
          true,
          false,
        ]);
        const done = { ...once, chunksDone: 2, status: 'completed' as const, completedAtMs: 2 };
        expect(await remittances.advance(done, 1)).toBe(true);
        expect(await remittances.advance({ ...done, chunksDone: 3 }, 2)).toBe(false);
        expect(await remittances.get('2026-10', agentId)).toMatchObject({ status: 'completed', chunksDone: 2, adjusted: 2 });
      });

      it('keeps chunks and lists the differences in order, a page at a time', async () => {
        const { remittances } = await make();
        const agentId = unique('agt');
        const difference = (customerId: string, seq: number) => ({
          seq,
          customerId,
          currency: 'JPY',
          billedMinor: 100,
          remittedMinor: 0,
          differenceMinor: -100,
          outcome: 'adjusted' as const,
          transferId: `trf_${customerId}`,
        });
        const { seq: _seq, ...pending } = difference('cus_a', 0);
        await remittances.putChunk('2026-10', agentId, 0, [pending]);
        await remittances.putChunk('2026-10', agentId, 0, [pending]);
        expect(await remittances.chunk('2026-10', agentId, 0)).toEqual([pending]);
        expect(await remittances.chunk('2026-10', agentId, 1)).toBeUndefined();
        const all = Array.from({ length: 12 }, (_, seq) => difference(`cus_${String(seq).padStart(2, '0')}`, seq));
        await remittances.putDifferences('2026-10', agentId, all.slice(5));
        await remittances.putDifferences('2026-10', agentId, all.slice(0, 7));
        const first = await remittances.differences('2026-10', agentId, { limit: 5 });
        const second = await remittances.differences('2026-10', agentId, { limit: 5, afterSeq: 4 });
        const last = await remittances.differences('2026-10', agentId, { limit: 5, afterSeq: 9 });
        expect(first.records.map((record) => record.seq)).toEqual([0, 1, 2, 3, 4]);
        expect(first.more).toBe(true);
        expect(second.records.map((record) => record.seq)).toEqual([5, 6, 7, 8, 9]);
        expect(last).toMatchObject({ records: [{ seq: 10 }, { seq: 11 }], more: false });
        expect(first.records[0]).toMatchObject(all[0] ?? {});
        expect((await remittances.differences('2026-11', agentId, { limit: 5 })).records).toEqual([]);
      });
    });
  });
