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

/** The settlement worker's Lambda timeout; the queue's visibility timeout is six times it. */
export const SETTLEMENT_WORKER_TIMEOUT_SECONDS = 30;

/** Purchases waiting for the settlement worker: standard queue, batches, partial batch failures. */
export const settlementQueue = {
  id: 'settlement',
  envVar: 'KIPPU_QUEUE_SETTLEMENT',
  description: 'Purchases to settle: post the hold, split the fees, sign the docket',
  maxReceiveCount: SPEC_MAX_RECEIVE_COUNT,
  visibilityTimeoutSeconds: 6 * SETTLEMENT_WORKER_TIMEOUT_SECONDS,
  deadLetterRetentionDays: 14,
} as const satisfies QueueDefinition;

/** The billing coordinator's and statement worker's Lambda timeouts; each queue's visibility timeout is six times it. */
export const BILLING_COORDINATOR_TIMEOUT_SECONDS = 300;
export const BILLING_STATEMENT_WORKER_TIMEOUT_SECONDS = 120;

/** Billing runs to fan out (one message per run, and the coordinator's own continuations). */
export const billingRunsQueue = {
  id: 'billing-runs',
  envVar: 'KIPPU_QUEUE_BILLING_RUNS',
  description: 'Billing runs to list: the coordinator sends one statement message per party',
  maxReceiveCount: SPEC_MAX_RECEIVE_COUNT,
  visibilityTimeoutSeconds: 6 * BILLING_COORDINATOR_TIMEOUT_SECONDS,
  deadLetterRetentionDays: 14,
} as const satisfies QueueDefinition;

/** One message per (run, party, currency): the statement worker bills it. */
export const billingStatementsQueue = {
  id: 'billing-statements',
  envVar: 'KIPPU_QUEUE_BILLING_STATEMENTS',
  description: 'Parties to bill: compute the statement, post the payout or collection, sign and store',
  maxReceiveCount: SPEC_MAX_RECEIVE_COUNT,
  visibilityTimeoutSeconds: 6 * BILLING_STATEMENT_WORKER_TIMEOUT_SECONDS,
  deadLetterRetentionDays: 14,
} as const satisfies QueueDefinition;

export const queues: readonly QueueDefinition[] = [settlementQueue, billingRunsQueue, billingStatementsQueue];
