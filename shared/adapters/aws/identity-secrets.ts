import { DecryptCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { randomInt } from 'node:crypto';
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { renderMessage } from '../../domain/identity/messages';
import type { CodeGenerator, Outbox, OutboxMessage, SecretBox } from '../../domain/identity/ports';
import { assert } from '../../errors';
import { REGISTRATION_CODE_DIGITS } from '../../limits';

/** Seals secrets under the data key with KMS Encrypt; the context binds a ciphertext to its use. */
export class KmsSecretBox implements SecretBox {
  constructor(
    private readonly client: KMSClient,
    private readonly keyId: string,
  ) {}

  async seal(plaintext: string, context: Readonly<Record<string, string>>): Promise<string> {
    const answer = await this.client.send(
      new EncryptCommand({ KeyId: this.keyId, Plaintext: Buffer.from(plaintext, 'utf8'), EncryptionContext: { ...context } }),
    );
    assert(answer.CiphertextBlob !== undefined, 'KMS Encrypt answers a ciphertext');
    return Buffer.from(answer.CiphertextBlob).toString('base64');
  }

  async open(sealed: string, context: Readonly<Record<string, string>>): Promise<string> {
    const answer = await this.client.send(
      new DecryptCommand({ KeyId: this.keyId, CiphertextBlob: Buffer.from(sealed, 'base64'), EncryptionContext: { ...context } }),
    );
    assert(answer.Plaintext !== undefined, 'KMS Decrypt answers the plaintext');
    return Buffer.from(answer.Plaintext).toString('utf8');
  }
}

/** The registration code e-mail, sent with Amazon SES (v2) from the configured sender identity. */
export class SesOutbox implements Outbox {
  constructor(
    private readonly client: SESv2Client,
    private readonly from: string,
  ) {}

  async deliver(message: OutboxMessage): Promise<void> {
    const rendered = renderMessage(message);
    await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [message.to] },
        Content: {
          Simple: {
            Subject: { Data: rendered.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: rendered.text, Charset: 'UTF-8' } },
          },
        },
      }),
    );
  }
}

export const randomCodes: CodeGenerator = {
  next: () => String(randomInt(0, 10 ** REGISTRATION_CODE_DIGITS)).padStart(REGISTRATION_CODE_DIGITS, '0'),
};
