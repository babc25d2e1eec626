import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { GetPublicKeyCommand, SignCommand, type KMSClient } from '@aws-sdk/client-kms';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { derToJoseSignature } from '../../domain/tickets/jws';
import type { JwsSigner } from '../../domain/tickets/ports';
import { assert } from '../../errors';
import { KMS_SIGN_MESSAGE_BYTES_MAX } from '../../limits';

/** A KMS key's public half as a JWK whose `kid` is its RFC 7638 thumbprint. */
export const kmsPublicJwk = async (client: KMSClient, keyId: string): Promise<JWK> => {
  const answer = await client.send(new GetPublicKeyCommand({ KeyId: keyId }));
  assert(answer.PublicKey !== undefined, `KMS returned no public key for ${keyId}`);
  // moto leaves KeySpec out; the curve check on the exported key below guards the same thing.
  assert(
    answer.KeySpec === undefined || answer.KeySpec === 'ECC_NIST_P256',
    `key ${keyId} is ${String(answer.KeySpec)}, not ECC_NIST_P256`,
  );
  const exported = createPublicKey({ key: Buffer.from(answer.PublicKey), format: 'der', type: 'spki' }).export({
    format: 'jwk',
  }) as JsonWebKey;
  assert(exported.kty === 'EC' && exported.crv === 'P-256', 'an ECC_NIST_P256 key exports as an EC P-256 JWK');
  const jwk: JWK = { kty: 'EC', crv: 'P-256', x: exported.x, y: exported.y };
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'ES256', use: 'sig' };
};

/**
 * ES256 through KMS Sign, and KMS's DER signature converted to the raw r||s that JWS
 * requires. The kid is learned once per container. We send the signing input itself
 * (MessageType RAW, KMS hashes it): the emulator does not implement MessageType DIGEST, and
 * RAW keeps one code path for AWS and local. RAW messages are capped by KMS, so every signed
 * document must stay under KMS_SIGN_MESSAGE_BYTES_MAX.
 */
export class KmsJwsSigner implements JwsSigner {
  private kid: Promise<string> | undefined;

  constructor(
    private readonly client: KMSClient,
    private readonly kmsKeyId: string,
  ) {}

  keyId(): Promise<string> {
    this.kid ??= kmsPublicJwk(this.client, this.kmsKeyId).then((jwk) => {
      assert(jwk.kid !== undefined, 'a public JWK has a kid');
      return jwk.kid;
    });
    this.kid.catch(() => {
      this.kid = undefined;
    });
    return this.kid;
  }

  async sign(signingInput: Uint8Array): Promise<Uint8Array> {
    assert(
      signingInput.length <= KMS_SIGN_MESSAGE_BYTES_MAX,
      `a JWS signing input of ${signingInput.length} bytes exceeds KMS's ${KMS_SIGN_MESSAGE_BYTES_MAX}-byte limit`,
    );
    const answer = await this.client.send(
      new SignCommand({
        KeyId: this.kmsKeyId,
        Message: signingInput,
        MessageType: 'RAW',
        SigningAlgorithm: 'ECDSA_SHA_256',
      }),
    );
    assert(answer.Signature !== undefined, 'KMS returned no signature');
    return derToJoseSignature(answer.Signature);
  }
}
