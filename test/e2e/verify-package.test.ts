import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalKeyJwsSigner } from '../../shared/adapters/memory/tickets';
import { signCompactJws, TICKET_TYPE } from '../../shared/domain/tickets/jws';

/**
 * @kippu/verify as a provider gets it: `npm pack` of the workspace package, the tarball
 * installed into an empty project (jose from the registry), and a ticket verified there with
 * plain `node` (no TypeScript loader) and type-checked against the shipped declarations.
 */
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSC = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const ISSUER = 'https://kippu.example';
const PROVIDER = 'prov-pack';
const run = promisify(execFile);
const scratch = mkdtempSync(path.join(tmpdir(), 'kippu-verify-pack-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** npm's own variables (set when this runs under `npm test`) must not steer the nested npm. */
const cleanEnv = (): NodeJS.ProcessEnv =>
  Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_') && name !== 'NODE_OPTIONS'),
  );

const CONSUMER_SCRIPT = `import { readFileSync } from 'node:fs';
import { verifyTicket } from '@kippu/verify';

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const options = { jwks: input.jwks, issuer: input.issuer, audience: input.audience, now: new Date(input.now) };
const results = [];
for (const token of input.tokens) results.push(await verifyTicket(token, options));
process.stdout.write(JSON.stringify({ results, loaders: process.execArgv }));
`;

const CONSUMER_TYPES = `import { verifyTicket, type TicketClaims, type VerifyResult } from '@kippu/verify';

export const check = async (token: string): Promise<string> => {
  const result: VerifyResult<TicketClaims> = await verifyTicket(token, { jwks: { keys: [] }, issuer: 'x', audience: 'y' });
  return result.ok ? result.claims.res : result.reason;
};
`;

let tarball: string;
let packedFiles: string[];
let consumer: string;

beforeAll(async () => {
  // --ignore-scripts: no prepack rebuild here, which would rewrite dist/ while other test files
  // import it; `npm test` (and npm ci) built it just before.
  const packed = await run(
    'npm',
    ['pack', '--workspace', '@kippu/verify', '--ignore-scripts', '--pack-destination', scratch, '--json'],
    {
      cwd: REPO_ROOT,
      env: cleanEnv(),
    },
  );
  const [entry] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(scratch, entry?.filename ?? '');
  packedFiles = (entry?.files ?? []).map((file) => file.path).sort();
  consumer = path.join(scratch, 'consumer');
  await run('mkdir', ['-p', consumer]);
  writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: consumer, env: cleanEnv() });
});

describe('the packed verifier package', () => {
  it('ships built JavaScript with type declarations and its README, and no TypeScript sources', () => {
    expect(packedFiles).toEqual(expect.arrayContaining(['README.md', 'dist/index.js', 'dist/index.d.ts', 'package.json']));
    expect(packedFiles.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);
  });

  it('installs into an empty project with jose as its only dependency', () => {
    const lock = JSON.parse(readFileSync(path.join(consumer, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, unknown>;
    };
    expect(Object.keys(lock.packages).sort()).toEqual(['', 'node_modules/@kippu/verify', 'node_modules/jose']);
  });

  it('verifies a ticket from plain node, and rejects a changed one with its reason', async () => {
    // Prepare
    const signer = new LocalKeyJwsSigner();
    const nowSeconds = Math.floor(Date.parse('2026-11-22T00:00:00Z') / 1000);
    const claims = {
      iss: ISSUER,
      sub: 'sub_pack',
      aud: PROVIDER,
      jti: 'tkt_pack',
      iat: nowSeconds,
      nbf: nowSeconds,
      exp: nowSeconds + 600,
      res: 'server-1/stream-1',
      cap: ['image'],
    };
    const { token } = await signCompactJws(signer, TICKET_TYPE, claims);
    const [header, , signature] = token.split('.');
    const changed = `${header}.${Buffer.from(JSON.stringify({ ...claims, res: 'server-1/stream-2' })).toString('base64url')}.${signature}`;
    const input = path.join(consumer, 'input.json');
    writeFileSync(
      input,
      JSON.stringify({
        jwks: { keys: [await signer.publicJwk()] },
        issuer: ISSUER,
        audience: PROVIDER,
        now: nowSeconds * 1000,
        tokens: [token, changed],
      }),
    );
    writeFileSync(path.join(consumer, 'check.mjs'), CONSUMER_SCRIPT);

    // Act
    const output = await run('node', ['check.mjs', input], { cwd: consumer, env: cleanEnv() });

    // Assess
    const { results, loaders } = JSON.parse(output.stdout) as { results: unknown[]; loaders: string[] };
    expect(loaders).toEqual([]);
    expect(results).toMatchObject([
      { ok: true, claims: { jti: 'tkt_pack', res: 'server-1/stream-1' }, header: { typ: TICKET_TYPE } },
      { ok: false, reason: 'BAD_SIGNATURE' },
    ]);
  });

  it('type-checks a TypeScript consumer against the shipped declarations', async () => {
    writeFileSync(path.join(consumer, 'check.ts'), CONSUMER_TYPES);
    const compiled = await run(
      process.execPath,
      [
        TSC,
        '--noEmit',
        '--strict',
        '--skipLibCheck',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--target',
        'es2022',
        'check.ts',
      ],
      { cwd: consumer, env: cleanEnv() },
    ).then(
      () => 'ok',
      (error: { stdout: string }) => error.stdout,
    );
    expect(compiled).toBe('ok');
  });
});
