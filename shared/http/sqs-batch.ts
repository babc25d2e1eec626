import type { SQSRecord } from 'aws-lambda';
import type { BusinessMetrics } from '../ports';
import type { QueueDefinition } from '../resources/queues';

/** How many times SQS has handed out a record, this receive included (1 when it says nothing usable). */
export const receiveCountOf = (record: SQSRecord): number => {
  const receiveCount = Number.parseInt(record.attributes.ApproximateReceiveCount, 10);
  return Number.isFinite(receiveCount) ? receiveCount : 1;
};

/**
 * Count the records of a batch that a consumer hands back (its batch item failures) on their
 * last receive: their receive count reached the queue's maxReceiveCount, so SQS's redrive
 * policy moves them to the dead-letter queue instead of delivering them again. SQS counts no
 * such move itself (NumberOfMessagesSent of a dead-letter queue leaves them out), hence
 * DeadLetterArrivals, with the queue's id as its `queue`.
 */
export const countDeadLetterArrivals = (
  metrics: BusinessMetrics,
  queue: Pick<QueueDefinition, 'id' | 'maxReceiveCount'>,
  records: readonly SQSRecord[],
  failedMessageIds: readonly string[],
): void => {
  const failed = new Set(failedMessageIds);
  const arrivals = records.filter(
    (record) => failed.has(record.messageId) && receiveCountOf(record) >= queue.maxReceiveCount,
  ).length;
  if (arrivals > 0) metrics.record('deadLetterArrivals', arrivals, { queue: queue.id });
};
