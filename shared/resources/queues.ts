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

/**
 * A queue that one Lambda function consumes: a message moves to the dead-letter queue after
 * the SPEC's receives, the visibility timeout is six times the consumer's Lambda timeout, and
 * the dead-letter queue keeps messages for 14 days.
 */
const consumedQueue = (id: string, envVar: string, description: string, consumerTimeoutSeconds: number): QueueDefinition => ({
  id,
  envVar,
  description,
  maxReceiveCount: SPEC_MAX_RECEIVE_COUNT,
  visibilityTimeoutSeconds: 6 * consumerTimeoutSeconds,
  deadLetterRetentionDays: 14,
});

/** Physical names, the same in AWS and locally. */
export const queueName = (stage: string, queue: QueueDefinition): string => `kippu-${stage}-${queue.id}`;
export const deadLetterQueueName = (stage: string, queue: QueueDefinition): string => `kippu-${stage}-${queue.id}-dlq`;

/** Local runs may shorten the visibility timeout so that redelivery is quick in tests and demos. */
export const LOCAL_VISIBILITY_TIMEOUT_ENV = 'KIPPU_LOCAL_QUEUE_VISIBILITY_TIMEOUT_SECONDS';

/** The settlement worker's Lambda timeout; the queue's visibility timeout is six times it. */
export const SETTLEMENT_WORKER_TIMEOUT_SECONDS = 30;

/** Purchases waiting for the settlement worker: standard queue, batches, partial batch failures. */
export const settlementQueue = /* @__PURE__ */ consumedQueue(
  'settlement',
  'KIPPU_QUEUE_SETTLEMENT',
  'Purchases to settle: post the hold, split the fees, sign the docket',
  SETTLEMENT_WORKER_TIMEOUT_SECONDS,
);

/**
 * The billing coordinator's and statement worker's Lambda timeouts; each queue's visibility
 * timeout is six times it. The statement worker has Lambda's longest, 15 minutes: one message
 * is one step of a statement, at most BILLING_STATEMENT_STEP_ENTRIES_PER_PAGE_LINE entries per
 * line of a page (docs/billing.md, "Benchmark").
 */
export const BILLING_COORDINATOR_TIMEOUT_SECONDS = 300;
export const BILLING_STATEMENT_WORKER_TIMEOUT_SECONDS = 900;

/** Billing runs to fan out (one message per run, and the coordinator's own continuations). */
export const billingRunsQueue = /* @__PURE__ */ consumedQueue(
  'billing-runs',
  'KIPPU_QUEUE_BILLING_RUNS',
  'Billing runs to list: the coordinator sends one statement message per party',
  BILLING_COORDINATOR_TIMEOUT_SECONDS,
);

/** One message per (run, party, currency): the statement worker bills it. */
export const billingStatementsQueue = /* @__PURE__ */ consumedQueue(
  'billing-statements',
  'KIPPU_QUEUE_BILLING_STATEMENTS',
  'Parties to bill: compute the statement, post the payout or collection, sign and store',
  BILLING_STATEMENT_WORKER_TIMEOUT_SECONDS,
);

export const queues: readonly QueueDefinition[] = [settlementQueue, billingRunsQueue, billingStatementsQueue];
