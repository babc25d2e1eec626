import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

/**
 * A device for trying the sign-in by hand (docs/identity.md):
 *   npm run -s dpop -- key > device.jwk                      a new P-256 device key (private JWK)
 *   npm run -s dpop -- public device.jwk                     its public JWK, for a registration or POST /v1/devices
 *   npm run -s dpop -- proof device.jwk POST <url>           a fresh DPoP proof (RFC 9449) for one request
 */
const USAGE = 'usage: npm run -s dpop -- key | public <device.jwk> | proof <device.jwk> <METHOD> <url>\n';

const publicPart = ({ kty, crv, x, y }: JWK): JWK => ({ kty, crv, x, y });
const readKey = (path: string | undefined): JWK => {
  if (path === undefined) throw new Error(USAGE);
  return JSON.parse(readFileSync(path, 'utf8')) as JWK;
};

const [command, file, method, url] = process.argv.slice(2);
try {
  if (command === 'key') {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    process.stdout.write(`${JSON.stringify(await exportJWK(privateKey))}\n`);
  } else if (command === 'public') {
    process.stdout.write(`${JSON.stringify(publicPart(readKey(file)))}\n`);
  } else if (command === 'proof' && method !== undefined && url !== undefined) {
    const key = readKey(file);
    const proof = await new SignJWT({ htm: method.toUpperCase(), htu: url, jti: randomUUID() })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: publicPart(key) })
      .setIssuedAt()
      .sign(await importJWK(key, 'ES256'));
    process.stdout.write(`${proof}\n`);
  } else {
    process.stderr.write(USAGE);
    process.exitCode = 2;
  }
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
