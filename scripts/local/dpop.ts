import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

/**
 * A device for trying the sign-in by hand (docs/identity.md):
 *   npm run -s dpop -- key > device.jwk                      a new P-256 device key (private JWK)
 *   npm run -s dpop -- public device.jwk                     its public JWK, for a registration or POST /v1/devices
 *   npm run -s dpop -- proof device.jwk POST <url>           a fresh DPoP proof (RFC 9449) for one request
 *
 * A proof's `iat` is the time of the API it is for: the local API's test clock (`GET
 * /local/clock` at the URL's origin), which may have been moved forward, and the machine's
 * clock for an API without that route (the stack). `--now <ISO time or epoch seconds>` names
 * the time instead.
 */
const USAGE =
  'usage: npm run -s dpop -- key | public <device.jwk> | proof <device.jwk> <METHOD> <url> [--now <ISO time or epoch seconds>]\n';
const CLOCK_TIMEOUT_MS = 2_000;

const publicPart = ({ kty, crv, x, y }: JWK): JWK => ({ kty, crv, x, y });
const readKey = (path: string | undefined): JWK => {
  if (path === undefined) throw new Error(USAGE);
  return JSON.parse(readFileSync(path, 'utf8')) as JWK;
};

const epochSecondsOf = (time: string): number => {
  const seconds = /^\d+$/.test(time) ? Number(time) : Date.parse(time) / 1000;
  if (!Number.isFinite(seconds)) throw new Error(`--now takes an ISO time or epoch seconds, not ${time}\n`);
  return Math.floor(seconds);
};

/** The local API's test clock at the URL's origin, or undefined when it has none (not a local API). */
const localClockSeconds = async (url: string): Promise<number | undefined> => {
  try {
    const answer = await fetch(new URL('/local/clock', url), { signal: AbortSignal.timeout(CLOCK_TIMEOUT_MS) });
    if (!answer.ok) return undefined;
    const { now } = (await answer.json()) as { now?: unknown };
    return typeof now === 'string' && Number.isFinite(Date.parse(now)) ? epochSecondsOf(now) : undefined;
  } catch {
    return undefined;
  }
};

try {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { now: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, file, method, url] = positionals;
  if (values.help === true) {
    process.stdout.write(USAGE);
  } else if (command === 'key') {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    process.stdout.write(`${JSON.stringify(await exportJWK(privateKey))}\n`);
  } else if (command === 'public') {
    process.stdout.write(`${JSON.stringify(publicPart(readKey(file)))}\n`);
  } else if (command === 'proof' && method !== undefined && url !== undefined) {
    const key = readKey(file);
    const iat =
      values.now === undefined ? ((await localClockSeconds(url)) ?? Math.floor(Date.now() / 1000)) : epochSecondsOf(values.now);
    const proof = await new SignJWT({ htm: method.toUpperCase(), htu: url, jti: randomUUID() })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: publicPart(key) })
      .setIssuedAt(iat)
      .sign(await importJWK(key, 'ES256'));
    process.stdout.write(`${proof}\n`);
  } else {
    process.stderr.write(USAGE);
    process.exitCode = 2;
  }
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(message.endsWith('\n') ? message : `${message}\n${USAGE}`);
  process.exitCode = 2;
}
