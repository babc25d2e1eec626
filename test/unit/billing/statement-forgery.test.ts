import { createHmac, createPublicKey, generateKeyPairSync, sign as signWithKey } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verifyTicket, type RejectionReason } from '@kippu/verify';
import { P256_ORDER, toLowS } from '@kippu/verify/es256';
import { calculateJwkThumbprint, type JSONWebKeySet, type JWK } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalKeyJwsSigner } from '../../../shared/adapters/memory/tickets';
import { main } from '../../../shared/cli/kippu';
import { signStatement, STATEMENT_TYPE } from '../../../shared/domain/billing/documents';
import type { ProviderStatement } from '../../../shared/domain/billing/types';
import { verifyStatement } from '../../../shared/domain/billing/verify';
import { signCompactJws, TICKET_TYPE } from '../../../shared/domain/tickets/jws';
import type { JwsSigner } from '../../../shared/domain/tickets/ports';
import { delegate, delegatedJwk, SIGNING_ISSUER, SIGNING_START_MS } from '../../fixtures/signing';

/**
 * Forged statements, one test per forgery kind, as test/e2e/forgery.test.ts has for tickets:
 * `kippu statements verify` checks a statement's JWS with the same ordered check as
 * `kippu verify` (the header's alg and typ before the signature's encoding), so each forgery
 * gets the reason the same forgery of a ticket gets — an `alg: none` or HMAC token is
 * ALG_NOT_ALLOWED, not a complaint about its signature's length.
 */
const START_SECONDS = SIGNING_START_MS / 1000;
const PARTY = 'prv_1';
const now = new Date((START_SECONDS + 60) * 1000);

const body: ProviderStatement = {
  id: 'stm_forged',
  partyId: PARTY,
  period: '2026-10',
  kind: 'provider_statement',
  currency: 'JPY',
  totals: {
    grossMinor: 1_000,
    platformFeesMinor: 100,
    carrierFeesMinor: 0,
    refundsMinor: 0,
    adjustmentsMinor: 0,
    netPayoutMinor: 900,
    openingBalanceMinor: 0,
    closingBalanceMinor: 0,
  },
  lines: [],
};

const ticketClaims = {
  iss: SIGNING_ISSUER,
  sub: 'sub_1',
  aud: PARTY,
  jti: 'tkt_1',
  iat: START_SECONDS + 30,
  nbf: START_SECONDS + 30,
  exp: START_SECONDS + 630,
  res: 'server-1/stream-1',
  cap: ['image'],
};

/** kippu's root key (KMS in production), with its private half at hand for DER signatures. */
const rootKey = async () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const exported = publicKey.export({ format: 'jwk' }) as JWK;
  const bare: JWK = { kty: 'EC', crv: 'P-256', x: exported.x, y: exported.y };
  const jwk: JWK = { ...bare, kid: await calculateJwkThumbprint(bare), alg: 'ES256', use: 'sig' };
  const signer: JwsSigner = {
    keyId: async () => jwk.kid ?? '',
    sign: async (input) => signWithKey('sha256', input, { key: privateKey, dsaEncoding: 'ieee-p1363' }),
  };
  const der = (signingInput: string): string =>
    signWithKey('sha256', Buffer.from(signingInput), { key: privateKey, dsaEncoding: 'der' }).toString('base64url');
  return { jwk, signer, der };
};

const setUp = async () => {
  const root = await rootKey();
  const jwks: JSONWebKeySet = { keys: [root.jwk] };
  const statement = await signStatement(root.signer, { issuer: SIGNING_ISSUER, body, asOfMs: SIGNING_START_MS });
  const statementToken = (JSON.parse(statement.json) as { token: string }).token;
  const ticketToken = (await signCompactJws(root.signer, TICKET_TYPE, ticketClaims)).token;
  return { root, jwks, statement, statementToken, ticketToken };
};
type Setup = Awaited<ReturnType<typeof setUp>>;

const b64 = (value: unknown): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const partsOf = (token: string) => token.split('.') as [string, string, string];
const headerOf = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(partsOf(token)[0], 'base64url').toString()) as Record<string, unknown>;
/** One character of a base64url part replaced by another. */
const changeOneByte = (part: string, index: number): string =>
  part.slice(0, index) + (part[index] === 'A' ? 'B' : 'A') + part.slice(index + 1);
const hmacToken = (token: string, secret: string): string => {
  const [, payload] = partsOf(token);
  const header = b64({ ...headerOf(token), alg: 'HS256' });
  return `${header}.${payload}.${createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url')}`;
};
const withStatementToken = (json: string, token: string): string => JSON.stringify({ ...(JSON.parse(json) as object), token });

/**
 * A base64url JSON part with a forged copy of `name` before its members: JSON.parse keeps the
 * genuine (last) copy, a reader that keeps the first sees `value`.
 */
const withForgedFirstCopy = (part: string, name: string, value: string): string =>
  b64(`{${JSON.stringify(name)}:${JSON.stringify(value)},${Buffer.from(part, 'base64url').toString().slice(1)}`);
/** A token of these parts, signed (canonically) by `signer`: the signature holds. */
const signedAgain = async (signer: JwsSigner, header: string, payload: string): Promise<string> =>
  `${header}.${payload}.${Buffer.from(toLowS(await signer.sign(Buffer.from(`${header}.${payload}`)))).toString('base64url')}`;

/** The same forgery applied to a statement's token and to a ticket's token of the same key. */
type Forgery = (token: string, setup: Setup) => Promise<string> | string;

const FORGERIES: readonly (readonly [string, RejectionReason, Forgery])[] = [
  [
    'alg none with an empty signature',
    'ALG_NOT_ALLOWED',
    (token) => `${b64({ ...headerOf(token), alg: 'none' })}.${partsOf(token)[1]}.`,
  ],
  [
    'HS256 keyed with the root key’s public JWK',
    'ALG_NOT_ALLOWED',
    (token, { root }) => hmacToken(token, JSON.stringify(root.jwk)),
  ],
  [
    'HS256 keyed with the root key’s public PEM',
    'ALG_NOT_ALLOWED',
    (token, { root }) =>
      hmacToken(token, createPublicKey({ key: root.jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString()),
  ],
  [
    'an unknown kid, signed by a key not in the set',
    'UNKNOWN_KID',
    async (token) => {
      const stranger = new LocalKeyJwsSigner();
      const [, payload] = partsOf(token);
      const header = b64({ ...headerOf(token), kid: await stranger.keyId() });
      return `${header}.${payload}.${Buffer.from(toLowS(await stranger.sign(Buffer.from(`${header}.${payload}`)))).toString('base64url')}`;
    },
  ],
  [
    'another key’s signature under the root key’s kid',
    'BAD_SIGNATURE',
    async (token) => {
      const [header, payload] = partsOf(token);
      const stranger = new LocalKeyJwsSigner();
      return `${header}.${payload}.${Buffer.from(toLowS(await stranger.sign(Buffer.from(`${header}.${payload}`)))).toString('base64url')}`;
    },
  ],
  [
    'one changed byte in the payload',
    'BAD_SIGNATURE',
    (token) => {
      const [header, payload, signature] = partsOf(token);
      return `${header}.${changeOneByte(payload, 10)}.${signature}`;
    },
  ],
  [
    'one changed byte in the signature',
    'BAD_SIGNATURE',
    (token) => {
      const [header, payload, signature] = partsOf(token);
      return `${header}.${payload}.${changeOneByte(signature, 5)}`;
    },
  ],
  [
    'the signature re-encoded with s replaced by n − s',
    'NON_CANONICAL_SIGNATURE',
    (token) => {
      const [header, payload, signature] = partsOf(token);
      const bytes = Buffer.from(signature, 'base64url');
      const highS = (P256_ORDER - BigInt(`0x${bytes.subarray(32).toString('hex')}`)).toString(16).padStart(64, '0');
      return `${header}.${payload}.${Buffer.concat([bytes.subarray(0, 32), Buffer.from(highS, 'hex')]).toString('base64url')}`;
    },
  ],
  ['the signature with trailing padding', 'NON_CANONICAL_SIGNATURE', (token) => `${token}==`],
  [
    'a header naming kid twice, the first copy forged, signed by the root key',
    'MALFORMED',
    (token, { root }) => signedAgain(root.signer, withForgedFirstCopy(partsOf(token)[0], 'kid', 'forged'), partsOf(token)[1]),
  ],
  [
    'a payload naming sub twice, the first copy forged, signed by the root key',
    'MALFORMED',
    (token, { root }) => signedAgain(root.signer, partsOf(token)[0], withForgedFirstCopy(partsOf(token)[1], 'sub', 'forged')),
  ],
  [
    'a DER-encoded signature by the root key',
    'NON_CANONICAL_SIGNATURE',
    (token, { root }) => {
      const [header, payload] = partsOf(token);
      return `${header}.${payload}.${root.der(`${header}.${payload}`)}`;
    },
  ],
];

const statementReason = async (json: string, jwks: JSONWebKeySet): Promise<string> => {
  const result = await verifyStatement(json, { jwks, issuer: SIGNING_ISSUER });
  return result.ok ? 'ok' : result.reason;
};
const ticketReason = async (token: string, jwks: JSONWebKeySet): Promise<string> => {
  const result = await verifyTicket(token, { jwks, issuer: SIGNING_ISSUER, audience: PARTY, now });
  return result.ok ? 'ok' : result.reason;
};

describe('a forged statement gets the reason the same forgery of a ticket gets', () => {
  it('the genuine statement and ticket verify (control)', async () => {
    const { jwks, statement, ticketToken } = await setUp();
    expect([await statementReason(statement.json, jwks), await ticketReason(ticketToken, jwks)]).toEqual(['ok', 'ok']);
  });

  it.each(FORGERIES)('%s: %s', async (_name, reason, forge) => {
    // Prepare
    const setup = await setUp();
    const forgedStatement = withStatementToken(setup.statement.json, await forge(setup.statementToken, setup));
    const forgedTicket = await forge(setup.ticketToken, setup);

    // Act
    const reasons = [await statementReason(forgedStatement, setup.jwks), await ticketReason(forgedTicket, setup.jwks)];

    // Assess
    expect(reasons).toEqual([reason, reason]);
  });

  it('a ticket’s token in a statement is WRONG_TYPE', async () => {
    const { jwks, statement, ticketToken } = await setUp();
    expect(await statementReason(withStatementToken(statement.json, ticketToken), jwks)).toBe('WRONG_TYPE');
  });

  it('signed by a delegated key: OUTSIDE_DELEGATION, since no delegation allows statements', async () => {
    // Prepare
    const { root, statement } = await setUp();
    const delegated = await delegate(root.signer, SIGNING_START_MS);
    const jwks = { keys: [root.jwk, delegatedJwk(delegated.record)] };
    const byDelegated = await signStatement(delegated.signer, { issuer: SIGNING_ISSUER, body, asOfMs: SIGNING_START_MS });

    // Act
    const result = await verifyStatement(byDelegated.json, { issuer: SIGNING_ISSUER, jwks });

    // Assess
    expect(await statementReason(statement.json, jwks)).toBe('ok');
    expect(result).toEqual({
      ok: false,
      reason: 'OUTSIDE_DELEGATION',
      detail: `Key ${delegated.record.keyId} may sign kippu-ticket+jwt, kippu-docket+jwt, kippu-revocations+jwt, kippu-refund-docket+jwt only, not kippu-statement+jwt.`,
    });
  });
});

describe('kippu statements verify', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'kippu-statements-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it.each([
    ['none', 'alg none with an empty signature'],
    ['HS256', 'HS256 keyed with the root key’s public PEM'],
  ])('rejects an alg %s statement as ALG_NOT_ALLOWED and exits 1', async (alg, name) => {
    // Prepare
    const setup = await setUp();
    const forge = FORGERIES.find(([forgery]) => forgery === name)?.[2];
    if (forge === undefined) throw new Error(`no forgery ${name}`);
    const jwksFile = path.join(scratch, `jwks-${alg}.json`);
    const statementFile = path.join(scratch, `statement-${alg}.json`);
    writeFileSync(jwksFile, JSON.stringify(setup.jwks));
    writeFileSync(statementFile, withStatementToken(setup.statement.json, await forge(setup.statementToken, setup)));
    let stderr = '';

    // Act
    const code = await main(['statements', 'verify', statementFile, '--jwks', jwksFile, '--iss', SIGNING_ISSUER], {
      stdout: () => undefined,
      stderr: (text) => (stderr += text),
    });

    // Assess
    expect(code).toBe(1);
    expect(stderr).toBe(`rejected: ALG_NOT_ALLOWED: The header’s alg is ${alg}; only ES256 is allowed.\n`);
  });
});

describe('the issuer and the audience of a statement', () => {
  /** The statement's claims with one changed, signed by the same root key: a holder of a listed root key's forgery. */
  const resigned = async (setup: Setup, json: string, change: Record<string, unknown>): Promise<string> => {
    const { token } = JSON.parse(json) as { token: string };
    const claims = JSON.parse(Buffer.from(partsOf(token)[1], 'base64url').toString()) as Record<string, unknown>;
    return withStatementToken(json, (await signCompactJws(setup.root.signer, STATEMENT_TYPE, { ...claims, ...change })).token);
  };

  it('verifyStatement pins the issuer, checks aud against the partyId, and against the audience given', async () => {
    // Prepare
    const setup = await setUp();
    const { jwks, statement } = setup;
    const verify = async (json: string, audience?: string) => {
      const result = await verifyStatement(json, {
        jwks,
        issuer: SIGNING_ISSUER,
        ...(audience === undefined ? {} : { audience }),
      });
      return result.ok ? 'ok' : `${result.reason}: ${result.detail}`;
    };

    // Act
    const verdicts = [
      await verify(statement.json),
      await verify(statement.json, PARTY),
      await verify(statement.json, 'prv_other'),
      await verify(await resigned(setup, statement.json, { iss: 'https://evil' })),
      await verify(await resigned(setup, statement.json, { aud: 'prv_other' })),
      await verify(await resigned(setup, statement.json, { aud: ['prv_other', PARTY] })),
    ];

    // Assess
    expect(verdicts).toEqual([
      'ok',
      'ok',
      `WRONG_AUDIENCE: Its aud is ${PARTY}, not prv_other.`,
      `WRONG_ISSUER: Its iss is https://evil, not ${SIGNING_ISSUER}.`,
      `CLAIM_MISMATCH: Its aud claim is prv_other, but the statement’s partyId is ${PARTY}.`,
      'MALFORMED: The token does not carry the claims of a statement.',
    ]);
  });

  it('kippu statements verify takes the issuer from a --jwks URL, as kippu verify does, refuses a JWK Set file without --iss, and checks --aud', async () => {
    // Prepare: a JWK Set served over HTTP, and a statement signed for the issuer that serves it.
    const setup = await setUp();
    const server = createServer((request, response) => {
      response.writeHead(request.url === '/.well-known/jwks.json' ? 200 : 404, { 'content-type': 'application/json' });
      response.end(JSON.stringify(setup.jwks));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const issuer = `http://127.0.0.1:${port}`;
    const jwksUrl = `${issuer}/.well-known/jwks.json`;
    const scratch = mkdtempSync(path.join(tmpdir(), 'kippu-statement-iss-'));
    const file = (name: string, text: string) => {
      writeFileSync(path.join(scratch, name), text);
      return path.join(scratch, name);
    };
    const genuine = (await signStatement(setup.root.signer, { issuer, body, asOfMs: SIGNING_START_MS })).json;
    const files = {
      genuine: file('genuine.json', genuine),
      evil: file('evil.json', await resigned(setup, genuine, { iss: 'https://evil' })),
      otherAudience: file('other-aud.json', await resigned(setup, genuine, { aud: 'prv_other' })),
      jwks: file('jwks.json', JSON.stringify(setup.jwks)),
    };
    const run = async (...args: string[]) => {
      let stderr = '';
      const code = await main(['statements', 'verify', ...args], { stdout: () => undefined, stderr: (text) => (stderr += text) });
      return `${code} ${stderr.split(':').slice(0, 2).join(':')}`.trim();
    };

    // Act
    const answers = [
      await run(files.genuine, '--jwks', jwksUrl),
      await run(files.genuine, '--jwks', jwksUrl, '--aud', PARTY),
      await run(files.genuine, '--jwks', jwksUrl, '--aud', 'prv_other'),
      await run(files.evil, '--jwks', jwksUrl),
      await run(files.evil, '--jwks', jwksUrl, '--iss', 'https://evil'),
      await run(files.otherAudience, '--jwks', jwksUrl),
      await run(files.genuine, '--jwks', files.jwks),
      await run(files.genuine, '--jwks', files.jwks, '--iss', issuer),
      await run(files.genuine, '--iss', issuer),
    ];
    server.close();
    rmSync(scratch, { recursive: true, force: true });

    // Assess
    expect(answers).toEqual([
      '0',
      '0',
      '1 rejected: WRONG_AUDIENCE',
      '1 rejected: WRONG_ISSUER',
      '0',
      '1 rejected: CLAIM_MISMATCH',
      "2 kippu: Give --iss, or --jwks as kippu's /.well-known/jwks.json URL (the issuer is that URL without the path).",
      '0',
      '0',
    ]);
  });
});
