import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataKeyService } from '../content-key-envelope';

/**
 * An in-memory stand-in for KMS data keys: a random master key wraps each data key with
 * AES-256-GCM, the encryption context as additional data, so a data key opens only with the
 * context it was made for, as with KMS.
 */
export class MemoryDataKeys implements DataKeyService {
  private readonly masterKey = randomBytes(32);

  async generate(context: Readonly<Record<string, string>>) {
    const plaintext = randomBytes(32);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.masterKey, iv);
    cipher.setAAD(Buffer.from(JSON.stringify(context)));
    const wrapped = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { plaintext: new Uint8Array(plaintext), encrypted: new Uint8Array(Buffer.concat([iv, cipher.getAuthTag(), wrapped])) };
  }

  async decrypt(encrypted: Uint8Array, context: Readonly<Record<string, string>>) {
    const blob = Buffer.from(encrypted);
    const decipher = createDecipheriv('aes-256-gcm', this.masterKey, blob.subarray(0, 12));
    decipher.setAAD(Buffer.from(JSON.stringify(context)));
    decipher.setAuthTag(blob.subarray(12, 28));
    return new Uint8Array(Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]));
  }
}
