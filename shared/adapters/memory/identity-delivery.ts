import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Outbox, OutboxMessage, SecretBox } from '../../domain/identity/ports';

/** Messages kept in memory instead of sent, for unit tests; `failing` makes the next delivery throw. */
export class MemoryOutbox implements Outbox {
  readonly sent: OutboxMessage[] = [];
  failing = false;

  async deliver(message: OutboxMessage): Promise<void> {
    if (this.failing) throw new Error('the delivery service refused the message');
    this.sent.push(message);
  }

  /** The code most recently sent to the address. */
  lastCodeFor(to: string): string | undefined {
    return this.sent.filter((message) => message.to === to).at(-1)?.code;
  }
}

/** AES-256-GCM with a key of its own and the context as additional data, so that, like KMS, the wrong context fails to open. */
export class MemorySecretBox implements SecretBox {
  private readonly key = randomBytes(32);

  async seal(plaintext: string, context: Readonly<Record<string, string>>): Promise<string> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(JSON.stringify(context)));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  async open(sealed: string, context: Readonly<Record<string, string>>): Promise<string> {
    const bytes = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, 12)).setAAD(
      Buffer.from(JSON.stringify(context)),
    );
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  }
}
