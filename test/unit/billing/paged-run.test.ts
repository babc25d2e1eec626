import { WORLD_ISSUER } from '../../fixtures/purchases-world';
import { describe, expect, it } from 'vitest';
import { LocalKeyJwsSigner } from '../../../shared/adapters/memory/tickets';
import { statementIdFor } from '../../../shared/domain/billing/ids';
import { listStatements, readStatement, readStatementPage } from '../../../shared/domain/billing/statements';
import type { ProviderLine } from '../../../shared/domain/billing/types';
import { verifyStatement } from '../../../shared/domain/billing/verify';
import type { Principal } from '../../../shared/domain/principal';
import { makeBillingWorld } from '../../fixtures/billing-world';
import { billedOctober, OCTOBER_TOTALS } from '../../fixtures/billing-scenario';
import { codeOf } from '../../fixtures/errors';

/**
 * October's scenario billed with pages of 2 lines: the provider statement (6 lines) has 3
 * pages, each customer bill (3 lines) 2, the carrier's agent statement (2 lines) stays whole.
 * The run reconciles as it does unpaged; every page reads back, and verifies, for whoever may
 * read its statement.
 */
const billedPaged = async () => {
  const signer = new LocalKeyJwsSigner();
  const world = makeBillingWorld({ signer, statementPageLines: 2 });
  const billed = await billedOctober(world);
  return { world, signer, jwks: { keys: [await signer.publicJwk()] }, ...billed };
};

interface PagedDocument {
  id: string;
  lineCount: number;
  pages: { page: number; lineCount: number }[];
  totals: unknown;
  lines?: unknown;
}

describe('a run whose statements are longer than a page', () => {
  it('completes and reconciles, every statement stored with its pages, a whole one unchanged', async () => {
    // Prepare, Act
    const { world, parties, run, jwks } = await billedPaged();
    const read = async (kind: 'provider' | 'customer' | 'agent', partyId: string) =>
      JSON.parse(
        await readStatement(world.billing, world.operator, statementIdFor('2026-10', kind, partyId, 'JPY'), 'json'),
      ) as PagedDocument;

    // Assess
    expect(run).toMatchObject({ status: 'completed', reconciliation: { ok: true, mismatches: [] } });
    const provider = await read('provider', parties.provider.id);
    expect(provider).toMatchObject({ totals: OCTOBER_TOTALS.provider, lineCount: 6 });
    expect(provider.lines).toBeUndefined();
    expect(provider.pages.map(({ page, lineCount }) => [page, lineCount])).toEqual([
      [1, 2],
      [2, 2],
      [3, 2],
    ]);
    expect((await read('customer', parties.c1.id)).pages).toHaveLength(2);
    expect((await read('customer', parties.c2.id)).pages).toHaveLength(2);
    const agent = await read('agent', parties.agent.id);
    expect(agent.pages).toBeUndefined();
    expect(agent.lines).toHaveLength(2);
    const pages = await Promise.all(
      [1, 2, 3].map((page) => readStatementPage(world.billing, world.operator, provider.id, String(page), 'json')),
    );
    const lines = pages.flatMap((page) => (JSON.parse(page) as { lines: ProviderLine[] }).lines);
    expect(lines.map((line) => line.kind)).toEqual(['sale', 'sale', 'sale', 'refund', 'sale', 'payout']);
    const csvs = await Promise.all(
      [1, 2, 3].map((page) => readStatementPage(world.billing, world.operator, provider.id, String(page), 'csv')),
    );
    const json = await readStatement(world.billing, world.operator, provider.id, 'json');
    const csv = await readStatement(world.billing, world.operator, provider.id, 'csv');
    expect(await verifyStatement(json, { issuer: WORLD_ISSUER, jwks, csv, pages: [...pages, ...csvs] })).toMatchObject({
      ok: true,
    });
  });

  it("shows a page to its statement's readers only, and only the pages it has", async () => {
    // Prepare
    const { world, parties } = await billedPaged();
    const statementId = statementIdFor('2026-10', 'provider', parties.provider.id, 'JPY');
    const agentStatementId = statementIdFor('2026-10', 'agent', parties.agent.id, 'JPY');
    const provider: Principal = { role: 'provider', subject: parties.provider.id };
    const page = (principal: Principal, number: string, id = statementId) =>
      readStatementPage(world.billing, principal, id, number, 'json');

    // Act, Assess
    expect(JSON.parse(await page(provider, '2'))).toMatchObject({ statementId, page: 2 });
    expect(await codeOf(page({ role: 'customer', subject: parties.c1.id }, '1'))).toBe('STATEMENT_NOT_FOUND');
    expect(await codeOf(page({ role: 'provider', subject: 'prv_other' }, '1'))).toBe('STATEMENT_NOT_FOUND');
    expect(await codeOf(page({ role: 'agent', subject: parties.agent.id }, '1'))).toBe('STATEMENT_NOT_FOUND');
    expect(await codeOf(page(world.operator, '1', 'stm_nothing'))).toBe('STATEMENT_NOT_FOUND');
    for (const number of ['0', '4', '01', 'x'])
      expect(await codeOf(page(provider, number)), number).toBe('STATEMENT_PAGE_NOT_FOUND');
    expect(await codeOf(page(world.operator, '1', agentStatementId))).toBe('STATEMENT_PAGE_NOT_FOUND');
    const listed = await listStatements(world.billing, provider, { limit: 10 });
    expect(listed.items).toEqual([JSON.parse(await readStatement(world.billing, provider, statementId, 'json'))]);
    expect(listed.items[0]).toMatchObject({ lineCount: 6, pages: [{ page: 1 }, { page: 2 }, { page: 3 }] });
  });
});
