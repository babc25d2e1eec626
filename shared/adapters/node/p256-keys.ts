import { createHash, createPrivateKey, createPublicKey, generateKeyPair, sign, type KeyObject } from 'node:crypto';
import type { PublicEcJwk } from '@kippu/verify/documents';
import type { SignWithKey } from '../../domain/signing/ports';
import { assert } from '../../errors';

/**
 * P-256 keys in process, with Node's crypto: what a delegated signing key is once its private
 * half has been unwrapped. Signatures come out as JOSE raw r||s (IEEE P1363), not DER.
 */
export interface P256KeyPair {
  readonly privateKey: KeyObject;
  readonly publicJwk: PublicEcJwk;
  /** The RFC 7638 thumbprint of the public key. */
  readonly keyId: string;
}

/** RFC 7638: SHA-256 over the required members in lexicographic order, no whitespace, base64url. */
export const jwkThumbprint = (jwk: PublicEcJwk): string =>
  createHash('sha256')
    .update(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }))
    .digest('base64url');

/** The public JWK of a P-256 key (public, or the public half of a private one). */
export const publicJwkOf = (key: KeyObject): PublicEcJwk => {
  const exported = createPublicKey(key).export({ format: 'jwk' });
  assert(exported.kty === 'EC' && exported.crv === 'P-256', 'the key is an EC P-256 key');
  assert(typeof exported.x === 'string' && typeof exported.y === 'string', 'an EC public JWK has x and y');
  return { kty: 'EC', crv: 'P-256', x: exported.x, y: exported.y };
};

const keyPairOf = (privateKey: KeyObject): P256KeyPair => {
  const publicJwk = publicJwkOf(privateKey);
  return { privateKey, publicJwk, keyId: jwkThumbprint(publicJwk) };
};

export const generateP256KeyPair = (): Promise<P256KeyPair> =>
  new Promise((resolve, reject) => {
    generateKeyPair('ec', { namedCurve: 'P-256' }, (error, _publicKey, privateKey) =>
      error === null ? resolve(keyPairOf(privateKey)) : reject(error),
    );
  });

/** The private key as PKCS#8 DER, the form that is wrapped for storage. */
export const pkcs8Of = (pair: P256KeyPair): Uint8Array => pair.privateKey.export({ format: 'der', type: 'pkcs8' });

/** A key pair back from its PKCS#8 DER, checked against the key id it was stored under. */
export const keyPairFromPkcs8 = (pkcs8: Uint8Array, keyId: string): P256KeyPair => {
  const pair = keyPairOf(createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' }));
  assert(pair.keyId === keyId, `the unwrapped private key belongs to ${pair.keyId}, not ${keyId}`);
  return pair;
};

export const signerOf =
  (pair: P256KeyPair): SignWithKey =>
  async (signingInput) =>
    sign('sha256', signingInput, { key: pair.privateKey, dsaEncoding: 'ieee-p1363' });
