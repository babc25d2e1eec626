import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { settlementDeps } from '../../shared/adapters/aws/purchases-wiring';
import {
  prepareSettlements,
  settleDelivery,
  type SettlementDelivery,
  type SettlementDeps,
} from '../../shared/domain/purchases/settle';
import {
  SETTLEMENT_PURCHASE_ID_ATTRIBUTE,
  settlementMessageOf,
  type SettlementMessage,
} from '../../shared/domain/purchases/settlement-message';
import { baseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { receiveCountOf } from '../../shared/http/sqs-batch';

/** The body as a settlement message, or undefined when it is not one (the domain decides what that means). */
const parseMessage = (body: string): SettlementMessage | undefined => {
  try {
    return settlementMessageOf(JSON.parse(body));
  } catch {
    return undefined;
  }
};

const deliveryOf = (record: SQSRecord): SettlementDelivery => {
  const purchaseIdAttribute = record.messageAttributes?.[SETTLEMENT_PURCHASE_ID_ATTRIBUTE]?.stringValue;
  return {
    messageId: record.messageId,
    message: parseMessage(record.body),
    receiveCount: receiveCountOf(record),
    ...(purchaseIdAttribute === undefined ? {} : { purchaseIdAttribute }),
  };
};

/** A record the domain left for SQS to deliver again (it has logged why). */
class SettlementRetry extends Error {
  override readonly name = 'SettlementRetry';
}

/**
 * The settlement queue's consumer (event source with ReportBatchItemFailures), on Powertools
 * batch processing: the ledger writes of the whole batch go first, together
 * (prepareSettlements: as few transactions as fit, each purchase refused alone); then each
 * record is finished on its own, in parallel; the ids of the records to retry go back as
 * batchItemFailures, so SQS deletes the rest. A batch whose every record failed is answered
 * the same way rather than thrown: the records come back either way, and a throw would count
 * as a function error, which means a bug here. A processor per invocation: it holds the
 * batch's state.
 */
export const makeHandler =
  (deps: SettlementDeps) =>
  async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
    const prepared = await prepareSettlements(deps, event.Records.map(deliveryOf));
    return processPartialResponse(
      event,
      async (record: SQSRecord) => {
        const delivery = deliveryOf(record);
        const settlement = prepared.get(delivery.message?.purchaseId ?? '');
        if (!(await settleDelivery(deps, delivery, settlement))) throw new SettlementRetry(`retry ${record.messageId}`);
      },
      new BatchProcessor(EventType.SQS),
      { ...(context === undefined ? {} : { context }), throwOnFullBatchFailure: false },
    );
  };

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  return makeHandler(settlementDeps(env, base.config, base.logger));
});
