import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalKeyJwsSigner } from '../../../shared/adapters/memory/tickets';
import { main } from '../../../shared/cli/kippu';
import { canonicalJson } from '../../../shared/domain/billing/canonical-json';
import { signStatement, statementCsv } from '../../../shared/domain/billing/documents';
import { pageStatement, splitLines } from '../../../shared/domain/billing/pages';
import type { ProviderLine, ProviderStatement } from '../../../shared/domain/billing/types';
import { verifyStatement } from '../../../shared/domain/billing/verify';

const ISSUER = 'https://kippu.test';
const AS_OF_MS = Date.parse('2026-11-01T23:59:00.000Z');
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const sale = (index: number): ProviderLine => ({
  date: `2026-10-${String(1 + (index % 28)).padStart(2, '0')}T10:00:00.000Z`,
  kind: 'sale',
  reference: `pur_${index}`,
  offerId: 'ofr_1',
  route: 'wallet',
  grossMinor: 1_000,
  platformFeeMinor: -100,
  carrierFeeMinor: 0,
  netMinor: 900,
  carriedForward: false,
  transferIds: [`trf_${index}_a`, `trf_${index}_b`],
});

const statementOf = (lineCount: number): ProviderStatement => ({
  id: 'stm_big',
  partyId: 'prv_1',
  period: '2026-10',
  kind: 'provider_statement',
  currency: 'JPY',
  totals: {
    grossMinor: 1_000 * lineCount,
    platformFeesMinor: 100 * lineCount,
    carrierFeesMinor: 0,
    refundsMinor: 0,
    adjustmentsMinor: 0,
    netPayoutMinor: 0,
    openingBalanceMinor: 0,
    closingBalanceMinor: 900 * lineCount,
  },
  lines: Array.from({ length: lineCount }, (_, index) => sale(index + 1)),
});

const signedPaged = async (lineCount = 12, pageLines = 5) => {
  const signer = new LocalKeyJwsSigner();
  const jwks = { keys: [await signer.publicJwk()] };
  const signed = await signStatement(signer, { issuer: ISSUER, body: statementOf(lineCount), asOfMs: AS_OF_MS, pageLines });
  const pages = signed.pages ?? [];
  return { signer, jwks, signed, pages };
};

describe('splitting a statement into pages', () => {
  it('cuts the lines in order into pages of the page size, the last one shorter', () => {
    expect(splitLines([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 5)).toEqual([
      [1, 2, 3, 4, 5],
      [6, 7, 8, 9, 10],
      [11, 12],
    ]);
    expect(splitLines([1, 2, 3], 3)).toEqual([[1, 2, 3]]);
  });

  it('lists each page with its line count and the SHA-256 of its canonical JSON and its CSV, the lines numbered as in the whole statement', () => {
    // Prepare
    const body = statementOf(12);

    // Act
    const { document, pages } = pageStatement(body, 5);

    // Assess
    expect(pages.map((page) => JSON.parse(page.json) as { page: number; lines: ProviderLine[] })).toEqual([
      { statementId: 'stm_big', page: 1, lines: body.lines.slice(0, 5) },
      { statementId: 'stm_big', page: 2, lines: body.lines.slice(5, 10) },
      { statementId: 'stm_big', page: 3, lines: body.lines.slice(10) },
    ]);
    expect(pages[2]?.json).toBe(canonicalJson({ statementId: 'stm_big', page: 3, lines: body.lines.slice(10) } as never));
    const wholeCsv = statementCsv(body).split('\r\n');
    expect(pages[1]?.csv.split('\r\n')).toEqual([wholeCsv[0], ...wholeCsv.slice(6, 11), '']);
    expect(pages[2]?.csv.split('\r\n')[1]?.startsWith('stm_big,2026-10,JPY,11,')).toBe(true);
    expect(document).toEqual({
      id: 'stm_big',
      partyId: 'prv_1',
      period: '2026-10',
      kind: 'provider_statement',
      currency: 'JPY',
      totals: body.totals,
      lineCount: 12,
      pages: pages.map((page, index) => ({
        page: index + 1,
        lineCount: index === 2 ? 2 : 5,
        sha256: sha256(page.json),
        csvSha256: sha256(page.csv),
      })),
    });
    expect('lines' in document).toBe(false);
  });

  it('signs the document that lists the pages, whose CSV holds the header and the total rows', async () => {
    // Prepare, Act
    const { signed, pages } = await signedPaged();
    const served = JSON.parse(signed.json) as { pages: unknown[]; lineCount: number; token: string; lines?: unknown };

    // Assess
    expect(pages).toHaveLength(3);
    expect(served.lineCount).toBe(12);
    expect(served.pages).toHaveLength(3);
    expect(served.lines).toBeUndefined();
    const { token, ...unsigned } = served;
    expect(decodeJwt(token)).toMatchObject({ sha256: sha256(canonicalJson(unsigned as never)), csvSha256: sha256(signed.csv) });
    const whole = statementCsv(statementOf(12)).split('\r\n');
    expect(signed.csv.split('\r\n')).toEqual([whole[0], ...whole.slice(13)]);
  });

  it('leaves a statement of at most one page whole: the same document and CSV as before pages existed', async () => {
    // Prepare
    const signer = new LocalKeyJwsSigner();
    const body = statementOf(5);

    // Act
    const paged = await signStatement(signer, { issuer: ISSUER, body, asOfMs: AS_OF_MS, pageLines: 5 });
    const byDefault = await signStatement(signer, { issuer: ISSUER, body, asOfMs: AS_OF_MS });

    // Assess
    expect(paged.pages).toBeUndefined();
    expect(paged.csv).toBe(statementCsv(body));
    expect(JSON.parse(paged.json)).toEqual({ ...body, token: paged.token });
    expect(byDefault.pages).toBeUndefined();
  });
});

describe('verifying a paged statement offline', () => {
  it('accepts the document with every page, as JSON or CSV, in any order', async () => {
    const { jwks, signed, pages } = await signedPaged();
    const jsonPages = pages.map((page) => page.json);
    const csvPages = pages.map((page) => page.csv);
    expect(await verifyStatement(signed.json, { issuer: ISSUER, jwks, csv: signed.csv })).toMatchObject({ ok: true });
    expect(await verifyStatement(signed.json, { issuer: ISSUER, jwks, pages: jsonPages })).toMatchObject({ ok: true });
    expect(await verifyStatement(signed.json, { issuer: ISSUER, jwks, pages: [...jsonPages].reverse() })).toMatchObject({
      ok: true,
    });
    expect(await verifyStatement(signed.json, { issuer: ISSUER, jwks, pages: [...csvPages, ...jsonPages] })).toMatchObject({
      ok: true,
    });
    const reindented = JSON.stringify(JSON.parse(jsonPages[1] ?? ''), null, 2);
    expect(
      await verifyStatement(signed.json, { issuer: ISSUER, jwks, pages: [jsonPages[0] ?? '', reindented, jsonPages[2] ?? ''] }),
    ).toMatchObject({ ok: true });
  });

  it('rejects a changed line, a missing page, swapped pages, an extra page, and pages of a statement that has none', async () => {
    // Prepare
    const { signer, jwks, signed, pages } = await signedPaged();
    const [one = '', two = '', three = ''] = pages.map((page) => page.json);
    const changed = two.replace('"grossMinor":1000', '"grossMinor":1001');
    const relabel = (json: string, page: number) => JSON.stringify({ ...(JSON.parse(json) as object), page });
    const other = await signStatement(new LocalKeyJwsSigner(), {
      issuer: ISSUER,
      body: { ...statementOf(12), id: 'stm_other' },
      asOfMs: AS_OF_MS,
      pageLines: 5,
    });
    const whole = await signStatement(signer, { issuer: ISSUER, body: statementOf(3), asOfMs: AS_OF_MS });
    const verify = (files: string[], json = signed.json) => verifyStatement(json, { issuer: ISSUER, jwks, pages: files });

    // Act, Assess
    expect(changed).not.toBe(two);
    expect(await verify([one, changed, three])).toMatchObject({ ok: false, reason: 'DIGEST_MISMATCH' });
    expect(await verify([one, three])).toEqual({
      ok: false,
      reason: 'PAGE_MISSING',
      detail: 'The statement has 3 pages; the JSON of page 2 is missing.',
    });
    expect(await verify([relabel(two, 1), relabel(one, 2), three])).toMatchObject({ ok: false, reason: 'DIGEST_MISMATCH' });
    expect(await verify([one, two, three, relabel(three, 4)])).toMatchObject({ ok: false, reason: 'PAGE_UNEXPECTED' });
    expect(await verify([one, one, two, three])).toMatchObject({ ok: false, reason: 'PAGE_UNEXPECTED' });
    expect(await verify([one, two, other.pages?.[2]?.json ?? ''])).toMatchObject({ ok: false, reason: 'PAGE_UNEXPECTED' });
    expect(await verify([one], whole.json)).toMatchObject({ ok: false, reason: 'PAGE_UNEXPECTED' });
    const csvChanged = (pages[0]?.csv ?? '').replace(',1000,', ',1001,');
    expect(await verify([csvChanged, pages[1]?.csv ?? '', pages[2]?.csv ?? ''])).toMatchObject({
      ok: false,
      reason: 'CSV_DIGEST_MISMATCH',
    });
    expect(await verify([pages[0]?.csv ?? '', pages[2]?.csv ?? ''])).toMatchObject({ ok: false, reason: 'PAGE_MISSING' });
    expect(await verify(['not a page'])).toMatchObject({ ok: false, reason: 'MALFORMED' });
  });
  it('places a CSV page whose line endings a tool changed to LF, and rejects it as that page not the one signed', async () => {
    // Prepare
    const { jwks, signed, pages } = await signedPaged();
    const [one = '', two = '', three = ''] = pages.map((page) => page.csv);
    const rewritten = two.replaceAll('\r\n', '\n');

    // Act
    const verification = await verifyStatement(signed.json, { issuer: ISSUER, jwks, pages: [one, rewritten, three] });

    // Assess
    expect(rewritten).not.toBe(two);
    expect(verification).toEqual({
      ok: false,
      reason: 'CSV_DIGEST_MISMATCH',
      detail: `The CSV of page 2 is not the one that was signed: it has SHA-256 ${sha256(rewritten)}, the statement lists ${sha256(two)}.`,
    });
  });

  it('refuses a page file that names a member twice, the first copy forged, and accepts one re-indented', async () => {
    // Prepare: page 2 with forged lines before its genuine ones (JSON.parse keeps the last copy:
    // the canonical digest matches), once compact, once re-indented; the genuine page re-indented.
    const { jwks, signed, pages } = await signedPaged();
    const [one = '', two = '', three = ''] = pages.map((page) => page.json);
    const forged = `{"lines":[],${two.slice(1)}`;
    const forgedPretty = forged.replace(/,"/g, ',\n  "');
    const pretty = JSON.stringify(JSON.parse(two), null, 2);
    const verify = (files: string[]) => verifyStatement(signed.json, { issuer: ISSUER, jwks, pages: files });

    // Act
    const refused = await verify([one, forged, three]);
    const refusedPretty = await verify([one, three, forgedPretty]);
    const accepted = await verify([one, pretty, three]);

    // Assess
    const detail = (file: number) =>
      `Page file ${file} of 3 names "lines" twice in one object; kippu never serves such a file (a copy may be forged).`;
    expect(refused).toEqual({ ok: false, reason: 'MALFORMED', detail: detail(2) });
    expect(refusedPretty).toEqual({ ok: false, reason: 'MALFORMED', detail: detail(3) });
    expect(accepted).toMatchObject({ ok: true });
  });
});

describe('kippu statements verify --pages', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'kippu-pages-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('verifies every page file against the signed document, and names a missing page', async () => {
    // Prepare
    const { jwks, signed, pages } = await signedPaged();
    const file = (name: string, text: string) => {
      const where = path.join(scratch, name);
      writeFileSync(where, text);
      return where;
    };
    const jwksFile = file('jwks.json', JSON.stringify(jwks));
    const statementFile = file('statement.json', signed.json);
    const pageFiles = pages.map((page, index) => file(`page-${index + 1}.json`, page.json));
    const csvFiles = pages.map((page, index) => file(`page-${index + 1}.csv`, page.csv));
    const run = async (...args: string[]) => {
      let out = '';
      const code = await main(['statements', 'verify', statementFile, '--jwks', jwksFile, '--iss', ISSUER, ...args], {
        stdout: (text) => (out += text),
        stderr: (text) => (out += text),
      });
      return { code, out };
    };

    // Act
    const good = await run('--pages', ...pageFiles, ...csvFiles);
    const missing = await run('--pages', pageFiles[0] ?? '', pageFiles[2] ?? '');
    const forgedStatement = file('statement-dup.json', `{"pages":[],${signed.json.slice(1)}`);
    const repeated = await main(
      ['statements', 'verify', forgedStatement, '--jwks', jwksFile, '--iss', ISSUER, '--pages', ...pageFiles],
      {
        stdout: () => undefined,
        stderr: () => undefined,
      },
    );

    // Assess
    expect(good.code).toBe(0);
    expect(JSON.parse(good.out)).toMatchObject({ valid: true, claims: { jti: 'stm_big' } });
    expect(missing).toEqual({
      code: 1,
      out: 'rejected: PAGE_MISSING: The statement has 3 pages; the JSON of page 2 is missing.\n',
    });
    expect(repeated).toBe(1);
  });

  it('reads every value of --pages that starts with one dash as a page file, the first or a later one', async () => {
    // Prepare
    const { jwks, signed } = await signedPaged();
    const jwksFile = path.join(scratch, 'jwks-dash.json');
    const statementFile = path.join(scratch, 'statement-dash.json');
    writeFileSync(jwksFile, JSON.stringify(jwks));
    writeFileSync(statementFile, signed.json);
    const run = async (...pages: string[]) => {
      let err = '';
      const args = ['statements', 'verify', statementFile, '--jwks', jwksFile, '--iss', ISSUER, '--pages', ...pages];
      const code = await main([...args, '--aud', 'prov-1'], { stdout: () => undefined, stderr: (text) => (err += text) });
      return { code, err };
    };

    // Act: relative names that start with a dash, absent here, so reading them is what fails
    const later = await run(path.join(scratch, 'page-1.json'), '-p2-absent.json');
    const first = await run('-p1-absent.json', path.join(scratch, 'page-2.json'));

    // Assess
    expect(later).toEqual({ code: 2, err: expect.stringMatching(/^kippu: .*-p2-absent\.json/) });
    expect(first).toEqual({ code: 2, err: expect.stringMatching(/^kippu: .*-p1-absent\.json/) });
  });
});
