import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { BillingQueue, RemittanceMessage, StatementMessage } from '../../domain/billing/ports';
import { assert } from '../../errors';
import { BILLING_SEND_BATCH_MAX } from '../../limits';

/**
 * Billing's two SQS queues: runs to fan out (and remittance imports to go on with, whose
 * message names the import: `{ remittance: { period, agentId } }`), parties to bill.
 */
export class SqsBillingQueue implements BillingQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly urls: { readonly runs?: string; readonly statements?: string },
  ) {}

  async sendRun(runId: string): Promise<void> {
    await this.client.send(new SendMessageCommand({ QueueUrl: this.url('runs'), MessageBody: JSON.stringify({ runId }) }));
  }

  async sendRemittance(message: RemittanceMessage): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.url('runs'),
        MessageBody: JSON.stringify({ remittance: { period: message.period, agentId: message.agentId } }),
      }),
    );
  }

  async sendStatements(messages: readonly StatementMessage[]): Promise<void> {
    const queueUrl = this.url('statements');
    for (let start = 0; start < messages.length; start += BILLING_SEND_BATCH_MAX) {
      let entries = messages
        .slice(start, start + BILLING_SEND_BATCH_MAX)
        .map((message, index) => ({ Id: String(index), MessageBody: JSON.stringify(message) }));
      // A batch can fail in part (throttling); what failed is sent once more, then it is an error.
      for (let attempt = 1; entries.length > 0; attempt += 1) {
        const result = await this.client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
        const failed = new Set((result.Failed ?? []).map((failure) => failure.Id));
        entries = entries.filter((entry) => failed.has(entry.Id));
        if (entries.length > 0 && attempt === 2) throw new Error(`SQS refused ${entries.length} statement messages`);
      }
    }
  }

  private url(queue: 'runs' | 'statements'): string {
    const url = this.urls[queue];
    assert(url !== undefined, `this function was given the billing ${queue} queue`);
    return url;
  }
}
