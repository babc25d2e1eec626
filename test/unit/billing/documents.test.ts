import { createHash } from 'node:crypto';
import { decodeProtectedHeader, decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { LocalKeyJwsSigner } from '../../../shared/adapters/memory/tickets';
import { canonicalJson } from '../../../shared/domain/billing/canonical-json';
import { signStatement, statementCsv, statementJson } from '../../../shared/domain/billing/documents';
import type { CustomerBill, ProviderStatement } from '../../../shared/domain/billing/types';
import { STATEMENT_REJECTIONS, verifyStatement, type StatementRejection } from '../../../shared/domain/billing/verify';
import { delegate, delegatedJwk, SIGNING_START_MS } from '../../fixtures/signing';

const ISSUER = 'https://kippu.test';
const AS_OF_MS = Date.parse('2026-11-01T23:59:00.000Z');

const bill: CustomerBill = {
  id: 'stm_bill',
  partyId: 'cus_1',
  period: '2026-10',
  kind: 'customer_bill',
  currency: 'JPY',
  totals: { chargesMinor: 1_000, refundsMinor: 0, totalMinor: 1_000, byRoute: { carrier: 1_000, wallet: 0 } },
  lines: [
    {
      date: '2026-10-05T10:00:00.000Z',
      kind: 'charge',
      reference: 'pur_1',
      providerId: 'prv_1',
      offerId: '=HYPERLINK("x")',
      route: 'carrier',
      amountMinor: 1_000,
      transferId: 'trf_1',
    },
    { date: '2026-11-01T23:59:00.000Z', kind: 'collection', route: 'carrier', amountMinor: 1_000, transferId: 'trf_2' },
  ],
};

const statement: ProviderStatement = {
  id: 'stm_prov',
  partyId: 'prv_1',
  period: '2026-10',
  kind: 'provider_statement',
  currency: 'JPY',
  totals: {
    grossMinor: 1_000,
    platformFeesMinor: 100,
    carrierFeesMinor: 50,
    refundsMinor: 0,
    adjustmentsMinor: 0,
    netPayoutMinor: 850,
    openingBalanceMinor: 0,
    closingBalanceMinor: 0,
  },
  lines: [
    {
      date: '2026-10-05T10:00:00.000Z',
      kind: 'sale',
      reference: 'pur_1',
      offerId: 'ofr, "quoted"',
      route: 'carrier',
      grossMinor: 1_000,
      platformFeeMinor: -100,
      carrierFeeMinor: -50,
      netMinor: 850,
      carriedForward: false,
      transferIds: ['trf_a', 'trf_b', 'trf_c'],
    },
  ],
};

const signed = async () => {
  const signer = new LocalKeyJwsSigner();
  const jwks = { keys: [await signer.publicJwk()] };
  const documents = await signStatement(signer, { issuer: ISSUER, body: statement, asOfMs: AS_OF_MS });
  return { signer, jwks, documents };
};

describe('canonical JSON', () => {
  it('sorts members by key at every depth, drops absent ones, and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 'é', y: undefined, x: '\u2028' }], c: true } })).toBe(
      '{"a":{"c":true,"d":[3,{"x":"\u2028","z":"é"}]},"b":1}',
    );
  });
});

describe('statement documents', () => {
  it('write the statement as RFC 4180 CSV with CRLF, its totals after its lines, text never a formula', () => {
    expect(statementCsv(bill).split('\r\n')).toEqual([
      'statementId,period,currency,line,date,kind,reference,providerId,offerId,channelId,route,amountMinor,transferId',
      `stm_bill,2026-10,JPY,1,2026-10-05T10:00:00.000Z,charge,pur_1,prv_1,"'=HYPERLINK(""x"")",,carrier,1000,trf_1`,
      'stm_bill,2026-10,JPY,2,2026-11-01T23:59:00.000Z,collection,,,,,carrier,1000,trf_2',
      'stm_bill,2026-10,JPY,,,total,chargesMinor,,,,,1000,',
      'stm_bill,2026-10,JPY,,,total,refundsMinor,,,,,0,',
      'stm_bill,2026-10,JPY,,,total,totalMinor,,,,,1000,',
      'stm_bill,2026-10,JPY,,,total,byRoute.carrier,,,,,1000,',
      'stm_bill,2026-10,JPY,,,total,byRoute.wallet,,,,,0,',
      '',
    ]);
    expect(statementCsv(statement).split('\r\n')[1]).toBe(
      'stm_prov,2026-10,JPY,1,2026-10-05T10:00:00.000Z,sale,pur_1,"ofr, ""quoted""",,carrier,1000,-100,-50,850,false,trf_a trf_b trf_c',
    );
  });

  it('end with one withheld row when the payout or collection was withheld: its reason and amount, after the totals (probe AQ6)', async () => {
    // Prepare
    const withheld = { reason: 'BALANCE_OVERFLOW', amountMinor: 200_000_000_022_500 } as const;
    const providerWithheld: ProviderStatement = { ...statement, payoutWithheld: withheld };
    const billWithheld: CustomerBill = { ...bill, collectionWithheld: { ...withheld, amountMinor: 500 } };
    const signer = new LocalKeyJwsSigner();
    const sign = (body: ProviderStatement, pageLines?: number) =>
      signStatement(signer, { issuer: ISSUER, body, asOfMs: AS_OF_MS, ...(pageLines === undefined ? {} : { pageLines }) });

    // Act
    const providerRows = statementCsv(providerWithheld).split('\r\n');
    const billRows = statementCsv(billWithheld).split('\r\n');
    const whole = await sign(providerWithheld);
    const paged = await sign({ ...providerWithheld, lines: [...statement.lines, ...statement.lines] }, 1);

    // Assess
    const withheldRow = 'stm_prov,2026-10,JPY,,,withheld,BALANCE_OVERFLOW,,,,,,,200000000022500,,';
    expect(providerRows.slice(-3)).toEqual(['stm_prov,2026-10,JPY,,,total,closingBalanceMinor,,,,,,,0,,', withheldRow, '']);
    expect(billRows.slice(-3)).toEqual([
      'stm_bill,2026-10,JPY,,,total,byRoute.wallet,,,,,0,',
      'stm_bill,2026-10,JPY,,,withheld,BALANCE_OVERFLOW,,,,,500,',
      '',
    ]);
    expect(statementCsv(statement)).toBe(statementCsv(providerWithheld).replace(`${withheldRow}\r\n`, ''));
    expect(whole.csv).toBe(statementCsv(providerWithheld));
    expect(decodeJwt(whole.token).csvSha256).toBe(createHash('sha256').update(whole.csv).digest('hex'));
    expect(paged.pages).toHaveLength(2);
    expect(paged.csv.split('\r\n').slice(-2)).toEqual([withheldRow, '']);
    expect(paged.pages?.every((page) => !page.csv.includes('withheld'))).toBe(true);
  });

  it('sign the SHA-256 of the canonical JSON without token and of the CSV, with iat at the cut-off and typ kippu-statement+jwt', async () => {
    const { documents, jwks } = await signed();
    const header = decodeProtectedHeader(documents.token);
    expect(header).toEqual({ alg: 'ES256', kid: jwks.keys[0]?.kid, typ: 'kippu-statement+jwt' });
    expect(decodeJwt(documents.token)).toEqual({
      iss: ISSUER,
      sub: 'prv_1',
      aud: 'prv_1',
      jti: 'stm_prov',
      iat: Math.floor(AS_OF_MS / 1000),
      period: '2026-10',
      kind: 'provider_statement',
      cur: 'JPY',
      sha256: createHash('sha256').update(statementJson(statement)).digest('hex'),
      csvSha256: createHash('sha256').update(documents.csv).digest('hex'),
    });
    expect(documents.json).toBe(canonicalJson({ ...statement, token: documents.token } as never));
  });
});

describe('offline verification of a statement', () => {
  it('accepts the served JSON and its CSV, also re-indented', async () => {
    const { documents, jwks } = await signed();
    expect(await verifyStatement(documents.json, { jwks, issuer: ISSUER, csv: documents.csv })).toMatchObject({ ok: true });
    const reindented = JSON.stringify(JSON.parse(documents.json), null, 2);
    expect(await verifyStatement(reindented, { issuer: ISSUER, jwks })).toMatchObject({ ok: true });
  });

  it('refuses a file that names a member twice in one object, the first copy forged, however the name is spelled', async () => {
    // Prepare: the signed file with a forged copy of a member before the genuine one, which
    // JSON.parse keeps (the canonical digest matches), while a first-wins reader sees the forgery.
    const { documents, jwks } = await signed();
    const forgedFirst = (member: string, value: unknown) => `{${member}:${JSON.stringify(value)},${documents.json.slice(1)}`;
    const forgedLine = documents.json.replace('"grossMinor":1000', '"grossMinor":5,"grossMinor":1000');
    const files = [
      forgedFirst('"lines"', []),
      forgedFirst('"totals"', { ...statement.totals, netPayoutMinor: 1 }),
      forgedFirst('"\\u006cines"', []),
      forgedLine,
    ];

    // Act
    const results = await Promise.all(files.map((json) => verifyStatement(json, { jwks, issuer: ISSUER })));

    // Assess
    expect(forgedLine).not.toBe(documents.json);
    expect(results.map((result) => (result.ok ? 'ok' : `${result.reason}: ${result.detail}`))).toEqual(
      ['lines', 'totals', 'lines', 'lines.0.grossMinor'].map(
        (path) =>
          `MALFORMED: The statement names ${JSON.stringify(path)} twice in one object; kippu never serves such a file (a copy may be forged).`,
      ),
    );
  });

  it('rejects the file when any single byte of it is changed', async () => {
    const { documents, jwks } = await signed();
    const positions = Array.from({ length: documents.json.length }, (_, index) => index);
    const outcomes = await Promise.all(
      positions.map(async (position) => {
        const original = documents.json[position] ?? '';
        const replacement = original === 'x' ? 'y' : original === '1' ? '2' : 'x';
        const changed = documents.json.slice(0, position) + replacement + documents.json.slice(position + 1);
        return (await verifyStatement(changed, { issuer: ISSUER, jwks })).ok;
      }),
    );
    expect(outcomes.filter((ok) => ok)).toEqual([]);
  });

  it('names why: a changed amount, another key, another type, a changed CSV, another issuer', async () => {
    const { documents, jwks } = await signed();
    const parsed = JSON.parse(documents.json) as ProviderStatement & { token: string };
    const richer = JSON.stringify({ ...parsed, totals: { ...parsed.totals, netPayoutMinor: 8_500 } });
    expect(await verifyStatement(richer, { issuer: ISSUER, jwks })).toMatchObject({ ok: false, reason: 'DIGEST_MISMATCH' });
    const otherKey = { keys: [await new LocalKeyJwsSigner().publicJwk()] };
    expect(await verifyStatement(documents.json, { issuer: ISSUER, jwks: otherKey })).toMatchObject({
      ok: false,
      reason: 'UNKNOWN_KID',
    });
    expect(await verifyStatement(documents.json, { issuer: ISSUER, jwks, csv: `${documents.csv} ` })).toMatchObject({
      ok: false,
      reason: 'CSV_DIGEST_MISMATCH',
    });
    expect(await verifyStatement(documents.json, { jwks, issuer: 'https://elsewhere' })).toMatchObject({
      ok: false,
      reason: 'WRONG_ISSUER',
    });
    const renamed = JSON.stringify({ ...parsed, id: 'stm_other' });
    expect(await verifyStatement(renamed, { issuer: ISSUER, jwks })).toMatchObject({ ok: false, reason: 'CLAIM_MISMATCH' });
    expect(await verifyStatement('{"token":"a.b.c"}', { issuer: ISSUER, jwks })).toMatchObject({
      ok: false,
      reason: 'MALFORMED',
    });
  });
});

describe('a statement’s rejection', () => {
  const withToken = (json: string, token: string): string => JSON.stringify({ ...(JSON.parse(json) as object), token });
  const withHeader = (token: string, change: Record<string, unknown>): string => {
    const [header = '', ...rest] = token.split('.');
    const decoded = JSON.parse(Buffer.from(header, 'base64url').toString()) as Record<string, unknown>;
    return [Buffer.from(JSON.stringify({ ...decoded, ...change })).toString('base64url'), ...rest].join('.');
  };
  const digestOf = (text: string): string => createHash('sha256').update(text).digest('hex');

  it('the issuer is compared exactly: another one, or a trailing slash, is WRONG_ISSUER naming both', async () => {
    const { documents, jwks } = await signed();
    expect(await verifyStatement(documents.json, { jwks, issuer: `${ISSUER}/` })).toEqual({
      ok: false,
      reason: 'WRONG_ISSUER',
      detail: `Its iss is ${ISSUER}, not ${ISSUER}/. Issuers are compared exactly, trailing slash included.`,
    });
    expect(await verifyStatement(documents.json, { jwks, issuer: 'https://elsewhere' })).toEqual({
      ok: false,
      reason: 'WRONG_ISSUER',
      detail: `Its iss is ${ISSUER}, not https://elsewhere.`,
    });
  });

  it('every reason’s detail is a sentence naming the values', async () => {
    // Prepare
    const { documents, jwks, signer } = await signed();
    const { token } = documents;
    const kid = jwks.keys[0]?.kid ?? '';
    const other = await signStatement(signer, { issuer: ISSUER, body: bill, asOfMs: AS_OF_MS });
    const delegated = await delegate(signer, SIGNING_START_MS);
    const byDelegated = await signStatement(delegated.signer, { issuer: ISSUER, body: statement, asOfMs: AS_OF_MS });
    const paged = await signStatement(signer, { issuer: ISSUER, body: bill, asOfMs: AS_OF_MS, pageLines: 1 });
    const parsed = JSON.parse(documents.json) as ProviderStatement & { token: string };
    const richer = JSON.stringify({ ...parsed, totals: { ...parsed.totals, netPayoutMinor: 8_500 } });
    const [header, payload] = token.split('.');
    const cases: readonly [StatementRejection, Promise<unknown>, string][] = [
      [
        'MALFORMED',
        verifyStatement('{"token":"a.b.c"}', { issuer: ISSUER, jwks }),
        'The token’s header is not a base64url-encoded JSON object.',
      ],
      [
        'ALG_NOT_ALLOWED',
        verifyStatement(withToken(documents.json, withHeader(token, { alg: 'ES384' })), { issuer: ISSUER, jwks }),
        'The header’s alg is ES384; only ES256 is allowed.',
      ],
      [
        'WRONG_TYPE',
        verifyStatement(withToken(documents.json, withHeader(token, { typ: 'JWT' })), { issuer: ISSUER, jwks }),
        'The header’s typ is JWT, not kippu-statement+jwt.',
      ],
      [
        'UNKNOWN_KID',
        verifyStatement(documents.json, { issuer: ISSUER, jwks: { keys: [await new LocalKeyJwsSigner().publicJwk()] } }),
        `No ES256 key with kid ${kid} is in the key set.`,
      ],
      [
        'BAD_DELEGATION',
        verifyStatement(documents.json, {
          issuer: ISSUER,
          jwks: { keys: jwks.keys.map((key) => ({ ...key, kippu_delegation: 'a.b.c' })) },
        }),
        `The delegation of key ${kid} does not hold: its header is not base64url JSON.`,
      ],
      [
        'OUTSIDE_DELEGATION',
        verifyStatement(byDelegated.json, { issuer: ISSUER, jwks: { keys: [...jwks.keys, delegatedJwk(delegated.record)] } }),
        `Key ${delegated.record.keyId} may sign kippu-ticket+jwt, kippu-docket+jwt, kippu-revocations+jwt, kippu-refund-docket+jwt only, not kippu-statement+jwt.`,
      ],
      [
        'BAD_SIGNATURE',
        verifyStatement(withToken(documents.json, `${header}.${payload}.${other.token.split('.')[2]}`), { issuer: ISSUER, jwks }),
        `The signature does not verify with key ${kid}.`,
      ],
      [
        'NON_CANONICAL_SIGNATURE',
        verifyStatement(withToken(documents.json, `${token}AA`), { issuer: ISSUER, jwks }),
        'The signature has 88 base64url characters; an ES256 signature (r||s, 64 bytes) has 86.',
      ],
      [
        'WRONG_ISSUER',
        verifyStatement(documents.json, { jwks, issuer: 'https://elsewhere' }),
        `Its iss is ${ISSUER}, not https://elsewhere.`,
      ],
      [
        'WRONG_AUDIENCE',
        verifyStatement(documents.json, { jwks, issuer: ISSUER, audience: 'prv_other' }),
        `Its aud is ${String(decodeJwt(token).aud)}, not prv_other.`,
      ],
      [
        'CLAIM_MISMATCH',
        verifyStatement(JSON.stringify({ ...parsed, id: 'stm_other' }), { issuer: ISSUER, jwks }),
        'Its jti claim is stm_prov, but the statement’s id is stm_other.',
      ],
      [
        'DIGEST_MISMATCH',
        verifyStatement(richer, { issuer: ISSUER, jwks }),
        `The statement is not the one that was signed: its canonical JSON has SHA-256 ${digestOf(canonicalJson({ ...parsed, totals: { ...parsed.totals, netPayoutMinor: 8_500 }, token: undefined } as never))}, the signed sha256 is ${String(decodeJwt(token).sha256)}.`,
      ],
      [
        'CSV_DIGEST_MISMATCH',
        verifyStatement(documents.json, { issuer: ISSUER, jwks, csv: `${documents.csv} ` }),
        `The CSV is not the one that was signed: it has SHA-256 ${digestOf(`${documents.csv} `)}, the signed csvSha256 is ${digestOf(documents.csv)}.`,
      ],
      [
        'PAGE_MISSING',
        verifyStatement(paged.json, { issuer: ISSUER, jwks, pages: [paged.pages?.[0]?.json ?? ''] }),
        'The statement has 2 pages; the JSON of page 2 is missing.',
      ],
      [
        'PAGE_UNEXPECTED',
        verifyStatement(documents.json, { issuer: ISSUER, jwks, pages: [paged.pages?.[0]?.json ?? ''] }),
        'The statement is not paged: its lines are in its document, it has no pages to check.',
      ],
    ];

    // Act
    const results = await Promise.all(cases.map(([, result]) => result));

    // Assess
    expect([...new Set(cases.map(([reason]) => reason))].sort()).toEqual([...STATEMENT_REJECTIONS].sort());
    cases.forEach(([reason, , detail], index) => expect(results[index], reason).toEqual({ ok: false, reason, detail }));
  });
});
