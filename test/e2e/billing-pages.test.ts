import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapLocalResources } from '../../scripts/local/bootstrap';
import { verifyStatement } from '../../shared/domain/billing/verify';
import { localClock, okBody, pollAnswer, startTestApi, uniqueId, type TestApi } from '../fixtures/api';
import { npxKippu } from '../fixtures/cli';

/**
 * Paged statements as a black box over HTTP: pages of 5 lines (KIPPU_BILLING_STATEMENT_PAGE_LINES),
 * 11 carrier-route purchases from one provider, so that its statement (11 sales and the payout),
 * the customer's bill (11 charges and the collection) and the carrier's agent statement (11 fees
 * and the payout) each have 12 lines in 3 pages. The run reconciles; every page is read as JSON
 * and CSV and verified against its statement with the CLI.
 *
 * The test clock is process-wide, so this file runs in a stage of its own.
 */
interface Party {
  id: string;
}
interface PagedStatement {
  id: string;
  kind: string;
  lineCount: number;
  pages: { page: number; lineCount: number; sha256: string; csvSha256: string }[];
  lines?: unknown[];
}

const PURCHASES = 11;

/** The issuer the stage's API signs with (bootstrapLocalResources sets it). */
const issuerOf = (): string => process.env.KIPPU_ISSUER ?? '';
let api: TestApi;
let operator: string;

beforeAll(async () => {
  const stage = `pages${randomBytes(4).toString('hex')}`;
  process.env.KIPPU_BILLING_STATEMENT_PAGE_LINES = '5';
  Object.assign(process.env, await bootstrapLocalResources({}, stage));
  api = await startTestApi(stage);
  operator = await api.tokenFor('operator', 'op-pages');
}, 120_000);
afterAll(async () => api.close());

const ok = okBody;
const clock = (advanceSeconds?: number) => localClock(api, advanceSeconds);
const secondsUntilNextMonth = (iso: string): number => {
  const now = new Date(iso);
  return Math.ceil((Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) - now.getTime()) / 1000);
};

describe('a month whose statements are longer than a page, over HTTP', () => {
  let provider: Party;
  let agent: Party;
  let customer: Party;
  let month: string;
  let run: { status: string; reconciliation?: { ok: boolean } };

  beforeAll(async () => {
    const before = await clock();
    if (secondsUntilNextMonth(before.now) < 3_600) await clock(secondsUntilNextMonth(before.now) + 3_600);
    provider = await ok(
      api.call<Party>('POST', '/v1/providers', {
        token: operator,
        body: { name: 'Long Lines', proxySettlement: { trusted: true }, platformFeeBps: 1_000 },
      }),
    );
    agent = await ok(api.call<Party>('POST', '/v1/agents', { token: operator, body: { name: 'Carrier Pages', feeBps: 500 } }));
    customer = await ok(
      api.call<Party>('POST', '/v1/customers', {
        token: operator,
        body: { name: 'Mei', carrier: { agentId: agent.id, creditLimitMinor: 100_000 } },
      }),
    );
    const offer = await ok(
      api.call<{ id: string }>('POST', '/v1/offers', {
        token: await api.tokenFor('provider', provider.id),
        body: {
          providerId: provider.id,
          title: 'Paged camera',
          resource: 'server-1/stream-9',
          priceMinor: 1_000,
          currency: 'JPY',
          validitySeconds: 3_600,
          capabilities: ['image'],
        },
      }),
    );
    const token = await api.tokenFor('customer', customer.id);
    for (let index = 0; index < PURCHASES; index += 1) {
      const purchase = await ok(
        api.call<{ id: string }>('POST', '/v1/purchases', {
          token,
          headers: { 'idempotency-key': uniqueId('key') },
          body: { offerId: offer.id },
        }),
      );
      const settled = await pollAnswer(
        () => api.call<{ status: string }>('GET', `/v1/purchases/${purchase.id}`, { token }),
        (answer) => answer.body.status === 'settled',
      );
      expect(settled.body.status).toBe('settled');
    }
    month = (await clock()).now.slice(0, 7);
    await clock(secondsUntilNextMonth((await clock()).now) + 86_400);
    const started = await ok(
      api.call<{ id: string }>('POST', '/v1/billing-runs', {
        token: operator,
        headers: { 'idempotency-key': uniqueId('run') },
        body: { period: month },
      }),
    );
    run = await pollAnswer(
      () => ok(api.call<typeof run>('GET', `/v1/billing-runs/${started.id}`, { token: operator })),
      (answer) => answer.status !== 'running',
    );
  }, 300_000);

  const statementOf = async (role: 'provider' | 'customer' | 'agent', partyId: string) => {
    const token = await api.tokenFor(role, partyId);
    const listed = await ok(
      api.call<{ items: PagedStatement[] }>('GET', `/v1/statements?partyId=${partyId}&period=${month}`, { token }),
    );
    expect(listed.items).toHaveLength(1);
    return { token, statement: listed.items[0] as PagedStatement };
  };

  it('reconciles a run whose provider statement, agent statement and bill are all paged', async () => {
    expect(run).toMatchObject({ status: 'completed', reconciliation: { ok: true } });
    for (const [role, party] of [
      ['provider', provider],
      ['customer', customer],
      ['agent', agent],
    ] as const) {
      const { statement } = await statementOf(role, party.id);
      expect(statement.lines, role).toBeUndefined();
      expect(statement.lineCount, role).toBe(PURCHASES + 1);
      expect(
        statement.pages.map((page) => page.lineCount),
        role,
      ).toEqual([5, 5, 2]);
    }
  });

  it('serves each page as JSON and CSV to the party, which verify against the statement with the CLI', async () => {
    const { token, statement } = await statementOf('provider', provider.id);
    const directory = await mkdtemp(join(tmpdir(), 'kippu-pages-'));
    const files: string[] = [];
    const jsonPages: string[] = [];
    for (const { page } of statement.pages) {
      const json = await api.call<{ statementId: string; page: number; lines: unknown[] }>(
        'GET',
        `/v1/statements/${statement.id}/pages/${page}`,
        { token },
      );
      expect(json.status).toBe(200);
      expect(json.body).toMatchObject({ statementId: statement.id, page });
      const csv = await api.call('GET', `/v1/statements/${statement.id}/pages/${page}?format=csv`, { token });
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      jsonPages.push(json.text);
      files.push(join(directory, `page-${page}.json`), join(directory, `page-${page}.csv`));
      await writeFile(join(directory, `page-${page}.json`), json.text);
      await writeFile(join(directory, `page-${page}.csv`), csv.text);
    }
    const lastCsv = await api.call('GET', `/v1/statements/${statement.id}/pages/3?format=csv`, { token });
    expect(
      lastCsv.text
        .split('\r\n')
        .slice(1, 3)
        .map((row) => row.split(',')[3]),
    ).toEqual(['11', '12']);
    const statementFile = join(directory, 'statement.json');
    const statementCsvFile = join(directory, 'statement.csv');
    await writeFile(statementFile, (await api.call('GET', `/v1/statements/${statement.id}`, { token })).text);
    await writeFile(statementCsvFile, (await api.call('GET', `/v1/statements/${statement.id}?format=csv`, { token })).text);
    const jwks = `${api.url}/.well-known/jwks.json`;
    const verifyStatementFile = (...rest: string[]) =>
      npxKippu(['statements', 'verify', statementFile, '--jwks', jwks, '--iss', issuerOf(), ...rest]);

    const verified = await verifyStatementFile('--csv', statementCsvFile, '--pages', ...files);
    expect(verified.code, verified.stderr).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ valid: true, claims: { jti: statement.id } });
    const missing = await verifyStatementFile('--pages', files[0] ?? '', files[4] ?? '');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^rejected: PAGE_MISSING/);
    await writeFile(files[2] ?? '', (jsonPages[1] ?? '').replace('"grossMinor":1000', '"grossMinor":1001'));
    const changed = await verifyStatementFile('--pages', ...files);
    expect(changed.code).toBe(1);
    expect(changed.stderr).toMatch(/^rejected: DIGEST_MISMATCH: Page 2/);
    const keys = await ok(api.call<JSONWebKeySet>('GET', '/.well-known/jwks.json'));
    expect(
      await verifyStatement(
        await (await fetch(`${api.url}/v1/statements/${statement.id}`, { headers: { authorization: `Bearer ${token}` } })).text(),
        { issuer: process.env.KIPPU_ISSUER ?? '', jwks: keys, pages: jsonPages },
      ),
    ).toMatchObject({ ok: true });
  });

  it("answers 404 for another party's page, and for a page the statement does not have", async () => {
    const { token, statement } = await statementOf('provider', provider.id);
    const page = (number: string, as = token) => api.call('GET', `/v1/statements/${statement.id}/pages/${number}`, { token: as });
    expect(await page('0')).toMatchObject({ status: 404, body: { code: 'STATEMENT_PAGE_NOT_FOUND' } });
    expect(await page('4')).toMatchObject({ status: 404, body: { code: 'STATEMENT_PAGE_NOT_FOUND' } });
    // Anything but a decimal page number is the page's 404 too, not the transport's 400 MALFORMED_PATH (docs/billing.md).
    for (const number of ['+1', '1%20', '%20', '1e0'])
      expect(await page(number), number).toMatchObject({ status: 404, body: { code: 'STATEMENT_PAGE_NOT_FOUND' } });
    const other = await api.tokenFor('customer', customer.id);
    expect(await page('1', other)).toMatchObject({ status: 404, body: { code: 'STATEMENT_NOT_FOUND' } });
    expect(await page('1', await api.tokenFor('agent', agent.id))).toMatchObject({
      status: 404,
      body: { code: 'STATEMENT_NOT_FOUND' },
    });
    expect(await page('1', operator)).toMatchObject({ status: 200 });
  });
});
