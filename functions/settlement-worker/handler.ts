import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { partialBatchResponse } from '../../shared/adapters/lambda/batch';
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

/** The body as a settlement message, or undefined when it is not one (the domain decides what that means). */
const parseMessage = (body: string): SettlementMessage | undefined => {
  try {
    return settlementMessageOf(JSON.parse(body));
  } catch {
    return undefined;
  }
};

const deliveryOf = (record: SQSRecord): SettlementDelivery => {
  const receiveCount = Number.parseInt(record.attributes.ApproximateReceiveCount, 10);
  const purchaseIdAttribute = record.messageAttributes?.[SETTLEMENT_PURCHASE_ID_ATTRIBUTE]?.stringValue;
  return {
    messageId: record.messageId,
    message: parseMessage(record.body),
    receiveCount: Number.isFinite(receiveCount) ? receiveCount : 1,
    ...(purchaseIdAttribute === undefined ? {} : { purchaseIdAttribute }),
  };
};

/** A record the domain left for SQS to deliver again (it has logged why). */
class SettlementRetry extends Error {
  override readonly name = 'SettlementRetry';
}

/**
 * The settlement queue's consumer (event source with ReportBatchItemFailures,
 * shared/adapters/lambda/batch.ts): the ledger writes of the whole batch go first, together
 * (prepareSettlements: as few transactions as fit, each purchase refused alone); then each
 * record is finished on its own, in parallel; the ids of the records to retry go back as
 * batchItemFailures, so SQS deletes the rest.
 */
export const makeHandler =
  (deps: SettlementDeps) =>
  async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const prepared = await prepareSettlements(deps, event.Records.map(deliveryOf));
    return partialBatchResponse(
      event.Records,
      async (record: SQSRecord) => {
        const delivery = deliveryOf(record);
        const settlement = prepared.get(delivery.message?.purchaseId ?? '');
        if (!(await settleDelivery(deps, delivery, settlement))) throw new SettlementRetry(`retry ${record.messageId}`);
      },
      { inParallel: true },
    );
  };

export const handler = lazyHandler(() => {
  const base = baseDeps(process.env);
  return makeHandler(settlementDeps(process.env, base.config, base.logger));
});
