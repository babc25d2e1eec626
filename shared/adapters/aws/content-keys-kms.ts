import { DecryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { assert } from '../../errors';
import type { DataKeyService } from '../content-key-envelope';

/** Data keys from KMS under kippu's data key (`GenerateDataKey` AES_256, `Decrypt`), bound to their encryption context. */
export class KmsDataKeys implements DataKeyService {
  constructor(
    private readonly client: KMSClient,
    private readonly keyId: string,
  ) {}

  async generate(context: Readonly<Record<string, string>>) {
    const answer = await this.client.send(
      new GenerateDataKeyCommand({ KeyId: this.keyId, KeySpec: 'AES_256', EncryptionContext: { ...context } }),
    );
    assert(answer.Plaintext !== undefined && answer.CiphertextBlob !== undefined, 'KMS GenerateDataKey answers both halves');
    return { plaintext: answer.Plaintext, encrypted: answer.CiphertextBlob };
  }

  async decrypt(encrypted: Uint8Array, context: Readonly<Record<string, string>>) {
    const answer = await this.client.send(
      new DecryptCommand({ KeyId: this.keyId, CiphertextBlob: encrypted, EncryptionContext: { ...context } }),
    );
    assert(answer.Plaintext !== undefined, 'KMS Decrypt answers the plaintext');
    return answer.Plaintext;
  }
}
