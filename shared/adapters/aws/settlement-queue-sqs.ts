import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { SETTLEMENT_PURCHASE_ID_ATTRIBUTE, type SettlementMessage } from '../../domain/purchases/settlement-message';
import type { SettlementQueue } from '../../domain/purchases/ports';

/** Settlement messages on the SQS standard queue; the purchase id also rides as an attribute. */
export class SqsSettlementQueue implements SettlementQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(message: SettlementMessage): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(message),
        MessageAttributes: {
          [SETTLEMENT_PURCHASE_ID_ATTRIBUTE]: { DataType: 'String', StringValue: message.purchaseId },
        },
      }),
    );
  }
}
