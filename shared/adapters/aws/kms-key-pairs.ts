import { DecryptCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { SigningKeyPairs } from '../../domain/signing/ports';
import { assert } from '../../errors';
import { generateP256KeyPair, keyPairFromPkcs8, pkcs8Of, signerOf } from '../node/p256-keys';

/**
 * Delegated keys' private halves, wrapped by KMS under kippu's symmetric data key: generated
 * in process, encrypted with one KMS Encrypt, and decrypted with one KMS Decrypt per container
 * that opens the key. The encryption context binds each ciphertext to its key id, so a
 * ciphertext moved to another key's record does not decrypt; with KeyId pinned on Decrypt, a
 * ciphertext of any other KMS key is refused. (KMS GenerateDataKeyPair would do the first two
 * steps in one call, but the local emulator does not implement it.)
 */
const PURPOSE = 'delegated-signing-key';

const contextOf = (keyId: string): Record<string, string> => ({ 'kippu:purpose': PURPOSE, 'kippu:kid': keyId });

export class KmsSigningKeyPairs implements SigningKeyPairs {
  constructor(
    private readonly client: KMSClient,
    private readonly dataKeyId: string,
  ) {}

  async generate() {
    const pair = await generateP256KeyPair();
    const answer = await this.client.send(
      new EncryptCommand({ KeyId: this.dataKeyId, Plaintext: pkcs8Of(pair), EncryptionContext: contextOf(pair.keyId) }),
    );
    assert(answer.CiphertextBlob !== undefined, 'KMS returned no ciphertext');
    return {
      keyId: pair.keyId,
      publicJwk: pair.publicJwk,
      wrappedPrivateKey: Buffer.from(answer.CiphertextBlob).toString('base64'),
      sign: signerOf(pair),
    };
  }

  async open(keyId: string, wrappedPrivateKey: string) {
    const answer = await this.client.send(
      new DecryptCommand({
        KeyId: this.dataKeyId,
        CiphertextBlob: Buffer.from(wrappedPrivateKey, 'base64'),
        EncryptionContext: contextOf(keyId),
      }),
    );
    assert(answer.Plaintext !== undefined, 'KMS returned no plaintext');
    return signerOf(keyPairFromPkcs8(answer.Plaintext, keyId));
  }
}
