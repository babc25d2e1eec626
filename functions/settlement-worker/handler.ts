import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { settlementDeps } from '../../shared/adapters/aws/purchases-wiring';
import { processSettlementBatch, type SettlementDeps } from '../../shared/domain/purchases/settle';
import {
  SETTLEMENT_PURCHASE_ID_ATTRIBUTE,
  SettlementMessageSchema,
  type SettlementMessage,
} from '../../shared/domain/purchases/settlement-message';
import { baseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';

/** The body as a settlement message, or undefined when it is not one (the domain decides what that means). */
const parseMessage = (body: string): SettlementMessage | undefined => {
  try {
    const parsed = SettlementMessageSchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The settlement queue's consumer (event source with ReportBatchItemFailures): each record
 * is settled on its own; the ids of the records to retry go back as batchItemFailures, so
 * SQS deletes the rest. Never throws for one bad record.
 */
export const makeHandler =
  (deps: SettlementDeps) =>
  async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const failed = await processSettlementBatch(
      deps,
      event.Records.map((record) => {
        const receiveCount = Number.parseInt(record.attributes.ApproximateReceiveCount, 10);
        const purchaseIdAttribute = record.messageAttributes?.[SETTLEMENT_PURCHASE_ID_ATTRIBUTE]?.stringValue;
        return {
          messageId: record.messageId,
          message: parseMessage(record.body),
          receiveCount: Number.isFinite(receiveCount) ? receiveCount : 1,
          ...(purchaseIdAttribute === undefined ? {} : { purchaseIdAttribute }),
        };
      }),
    );
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  };

export const handler = lazyHandler(() => {
  const base = baseDeps(process.env);
  return makeHandler(settlementDeps(process.env, base.config, base.logger));
});
