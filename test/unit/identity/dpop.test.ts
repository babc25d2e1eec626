import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { verifyDpopProof } from '../../../shared/domain/identity/dpop';
import { thumbprintOf } from '../../../shared/domain/identity/keys';
import { DPOP_PROOF_FRESHNESS, DPOP_PROOF_LENGTH_MAX } from '../../../shared/limits';
import { dpopProof, newDevice, rawEs256Jws } from '../../fixtures/identity';

/** DPoP proofs (RFC 9449 §4.3): each refusal names what was wrong. */
const URL = 'https://api.kippu.test/api/v1/sessions';
const NOW_MS = Date.parse('2030-03-01T09:00:00.000Z');
const nowSeconds = NOW_MS / 1000;
const request = { method: 'POST', url: URL, nowMs: NOW_MS };

describe('a DPoP proof', () => {
  it('names the key that signed it by its thumbprint, and is remembered until no iat check could accept it', async () => {
    const device = await newDevice();
    const proof = await dpopProof(device, 'POST', `${URL}?ignored=1`, { iatSeconds: nowSeconds, jti: 'proof-1' });

    const verified = await verifyDpopProof(proof, request);

    expect(verified).toEqual({
      jkt: await thumbprintOf(device.publicJwk as never),
      jti: 'proof-1',
      publicJwk: device.publicJwk,
      keepUntilMs: NOW_MS + (DPOP_PROOF_FRESHNESS.ageSecondsMax + DPOP_PROOF_FRESHNESS.clockSkewSeconds) * 1000,
    });
  });

  it('is missing when there is no header', async () => {
    await expect(verifyDpopProof(undefined, request)).rejects.toMatchObject({ code: 'DPOP_PROOF_MISSING' });
    await expect(verifyDpopProof(' ', request)).rejects.toMatchObject({ code: 'DPOP_PROOF_MISSING' });
  });

  it('is stale when its iat is too old or too far ahead', async () => {
    const device = await newDevice();
    const old = await dpopProof(device, 'POST', URL, { iatSeconds: nowSeconds - DPOP_PROOF_FRESHNESS.ageSecondsMax - 1 });
    const ahead = await dpopProof(device, 'POST', URL, { iatSeconds: nowSeconds + DPOP_PROOF_FRESHNESS.clockSkewSeconds + 1 });

    const rule = `it must be at most ${DPOP_PROOF_FRESHNESS.ageSecondsMax} s old and at most ${DPOP_PROOF_FRESHNESS.clockSkewSeconds} s in the future; make a new proof for every request.`;
    await expect(verifyDpopProof(old, request)).rejects.toMatchObject({
      code: 'DPOP_PROOF_STALE',
      detail: `The DPoP proof's iat is ${DPOP_PROOF_FRESHNESS.ageSecondsMax + 1} s old, and ${rule}`,
    });
    await expect(verifyDpopProof(ahead, request)).rejects.toMatchObject({
      code: 'DPOP_PROOF_STALE',
      detail: `The DPoP proof's iat is ${DPOP_PROOF_FRESHNESS.clockSkewSeconds + 1} s in the future, and ${rule}`,
    });
  });

  it.each([
    ['not a JWT', async () => 'not-a-jwt'],
    ['another typ', async () => dpopProof(await newDevice(), 'POST', URL, { iatSeconds: nowSeconds, typ: 'JWT' })],
    ['another method', async () => dpopProof(await newDevice(), 'GET', URL, { iatSeconds: nowSeconds })],
    [
      'another URL',
      async () => dpopProof(await newDevice(), 'POST', 'https://elsewhere.test/v1/sessions', { iatSeconds: nowSeconds }),
    ],
    [
      'a signature by another key than its jwk',
      async () => {
        const [signer, named] = [await newDevice(), await newDevice()];
        return new SignJWT({ htm: 'POST', htu: URL, jti: 'x', iat: nowSeconds })
          .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: named.publicJwk })
          .sign(signer.privateKey);
      },
    ],
    [
      'a private key in its jwk',
      async () => {
        const { privateKey } = await generateKeyPair('ES256', { extractable: true });
        return new SignJWT({ htm: 'POST', htu: URL, jti: 'x', iat: nowSeconds })
          .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: await exportJWK(privateKey) })
          .sign(privateKey);
      },
    ],
    [
      'no jti',
      async () => {
        const device = await newDevice();
        return new SignJWT({ htm: 'POST', htu: URL, iat: nowSeconds })
          .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: device.publicJwk })
          .sign(device.privateKey);
      },
    ],
    [
      'an RSA key',
      async () => {
        const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
        return new SignJWT({ htm: 'POST', htu: URL, jti: 'x', iat: nowSeconds })
          .setProtectedHeader({ alg: 'RS256', typ: 'dpop+jwt', jwk: await exportJWK(publicKey) })
          .sign(privateKey);
      },
    ],
  ])('is invalid with %s', async (_name, make) => {
    await expect(verifyDpopProof(await make(), request)).rejects.toMatchObject({ code: 'DPOP_PROOF_INVALID' });
  });

  // probe as1: the htu is compared as RFC 9449 §4.3 and docs/identity.md say, not through a URL parser.
  const ISSUER_URL = 'http://127.0.0.1:3303/v1/sessions';
  const issuerRequest = { method: 'POST', url: ISSUER_URL, nowMs: NOW_MS };
  const proofFor = async (htu: string) => dpopProof(await newDevice(), 'POST', htu, { iatSeconds: nowSeconds });

  it.each([
    ['userinfo', 'http://evil@127.0.0.1:3303/v1/sessions'],
    ['a user and a password', 'http://user:pw@127.0.0.1:3303/v1/sessions'],
    ['backslashes', 'http:\\\\127.0.0.1:3303\\v1\\sessions'],
    ['a tab inside', 'http://127.0.0.1:3303/v1/ses\tsions'],
    ['spaces around', ' http://127.0.0.1:3303/v1/sessions '],
    ['a hexadecimal host', 'http://0x7f.1:3303/v1/sessions'],
    ['a decimal host', 'http://2130706433:3303/v1/sessions'],
    ['dot segments', 'http://127.0.0.1:3303/v1/x/../sessions'],
    ['a trailing slash', 'http://127.0.0.1:3303/v1/sessions/'],
    ['a lone percent', 'http://127.0.0.1:3303/v1/sessions%'],
    ['another port', 'http://127.0.0.1:3304/v1/sessions'],
    ['no authority', 'http:127.0.0.1:3303/v1/sessions'],
  ])('is invalid with an htu holding %s, naming the URL it must be', async (_name, htu) => {
    // Act
    const refusal = verifyDpopProof(await proofFor(htu), issuerRequest);

    // Assess
    await expect(refusal).rejects.toMatchObject({
      code: 'DPOP_PROOF_INVALID',
      detail: `The DPoP proof is invalid: htu must be ${ISSUER_URL}.`,
    });
  });

  it.each([
    ['itself', ISSUER_URL],
    ['a query and a fragment', `${ISSUER_URL}?a=1#top`],
    ['the scheme and the host in upper case', 'HTTP://127.0.0.1:3303/v1/sessions'],
    ['a percent-encoded unreserved character', 'http://127.0.0.1:3303/v1/%73essions'],
    ['a percent-encoded unreserved character in lower-case hex', 'http://127.0.0.1:3303/v1/sessi%6fns'],
  ])('is accepted with the htu %s (RFC 3986 syntax-based normalization only)', async (_name, htu) => {
    await expect(verifyDpopProof(await proofFor(htu), issuerRequest)).resolves.toMatchObject({ jti: expect.any(String) });
  });

  it('drops only the default port and compares percent-encodings case-blind', async () => {
    const request443 = { method: 'POST', url: 'https://API.kippu.test/v1/a%2fb', nowMs: NOW_MS };

    await expect(verifyDpopProof(await proofFor('https://api.kippu.test:443/v1/a%2Fb'), request443)).resolves.toBeDefined();
    await expect(verifyDpopProof(await proofFor('https://api.kippu.test:/v1/a%2Fb'), request443)).resolves.toBeDefined();
    await expect(verifyDpopProof(await proofFor('https://api.kippu.test:80/v1/a%2Fb'), request443)).rejects.toMatchObject({
      code: 'DPOP_PROOF_INVALID',
    });
    await expect(verifyDpopProof(await proofFor('https://api.kippu.test/v1/a/b'), request443)).rejects.toMatchObject({
      code: 'DPOP_PROOF_INVALID',
    });
  });

  it.each([
    [['x-unknown'], 'its crit header names x-unknown, and kippu supports no critical header (RFC 7515 §4.1.11)'],
    [['b64', 'x-other'], 'its crit header names b64, x-other, and kippu supports no critical header (RFC 7515 §4.1.11)'],
    ['x-unknown', 'its crit header is not a list of header names, and kippu supports no critical header'],
    [[], 'its crit header is not a list of header names, and kippu supports no critical header'],
  ])('is invalid with a crit header (%j), named as such though its signature verifies', async (crit, reason) => {
    // Arrange: a proof that is right in every other respect, signed by the key in its jwk header.
    const device = await newDevice();
    const proof = await rawEs256Jws(
      device,
      { alg: 'ES256', typ: 'dpop+jwt', jwk: device.publicJwk, crit, 'x-unknown': 1 },
      { htm: 'POST', htu: URL, jti: 'crit-1', iat: nowSeconds },
    );

    // Act
    const refusal = verifyDpopProof(proof, request);

    // Assess
    await expect(refusal).rejects.toMatchObject({ code: 'DPOP_PROOF_INVALID', detail: `The DPoP proof is invalid: ${reason}.` });
  });

  it('quotes a long crit header shortened', async () => {
    const device = await newDevice();
    const crit = ['x'.repeat(300)];
    const proof = await rawEs256Jws(
      device,
      { alg: 'ES256', typ: 'dpop+jwt', jwk: device.publicJwk, crit },
      { htm: 'POST', htu: URL, jti: 'crit-2', iat: nowSeconds },
    );

    await expect(verifyDpopProof(proof, request)).rejects.toMatchObject({
      code: 'DPOP_PROOF_INVALID',
      detail: `The DPoP proof is invalid: its crit header names ${'x'.repeat(100)}…, and kippu supports no critical header (RFC 7515 §4.1.11).`,
    });
  });

  it.each([
    [
      'a string iat',
      { htm: 'POST', htu: URL, jti: 'x', iat: String(nowSeconds) },
      'The DPoP proof is invalid: its iat claim is not valid (iat claim must be a number).',
    ],
    [
      'a jti of 5,000 characters',
      { htm: 'POST', htu: URL, jti: 'x'.repeat(5000), iat: nowSeconds },
      `The DPoP proof is invalid: it is longer than ${DPOP_PROOF_LENGTH_MAX} characters.`,
    ],
    [
      'a number for jti',
      { htm: 'POST', htu: URL, jti: 12345, iat: nowSeconds },
      'The DPoP proof is invalid: jti must be a string.',
    ],
    [
      'a jti of 300 characters',
      { htm: 'POST', htu: URL, jti: 'x'.repeat(300), iat: nowSeconds },
      'The DPoP proof is invalid: jti is longer than 256 characters.',
    ],
  ] as const satisfies readonly (readonly [string, Record<string, unknown>, string])[])(
    'names the true reason for %s, not a bad signature or a second proof',
    async (_name, claims: Record<string, unknown>, detail) => {
      // Arrange
      const device = await newDevice();
      const proof = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: device.publicJwk })
        .sign(device.privateKey);

      // Act
      const refusal = verifyDpopProof(proof, request);

      // Assess
      await expect(refusal).rejects.toMatchObject({ code: 'DPOP_PROOF_INVALID', detail });
    },
  );
});
