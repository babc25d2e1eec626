/**
 * SQS queues, declared once for the CDK stack and the local bootstrap. Each has a dead-letter
 * queue that takes a message after `maxReceiveCount` receives. Functions learn queue URLs
 * from environment variables.
 */
export interface QueueDefinition {
  readonly id: string;
  /** Carries the queue URL to producers. */
  readonly envVar: string;
  readonly description: string;
  /** Receives before a message moves to the dead-letter queue (SPEC: 5). */
  readonly maxReceiveCount: number;
  /** Must be at least 6× the consumer's timeout (AWS's advice for Lambda event sources). */
  readonly visibilityTimeoutSeconds: number;
  /** How long the dead-letter queue keeps messages for an operator to look at. */
  readonly deadLetterRetentionDays: number;
}

export const SPEC_MAX_RECEIVE_COUNT = 5;

/** Physical names, the same in AWS and locally. */
export const queueName = (stage: string, queue: QueueDefinition): string => `kippu-${stage}-${queue.id}`;
export const deadLetterQueueName = (stage: string, queue: QueueDefinition): string => `kippu-${stage}-${queue.id}-dlq`;

/** Local runs may shorten the visibility timeout so that redelivery is quick in tests and demos. */
export const LOCAL_VISIBILITY_TIMEOUT_ENV = 'KIPPU_LOCAL_QUEUE_VISIBILITY_TIMEOUT_SECONDS';

export const queues: readonly QueueDefinition[] = [];
