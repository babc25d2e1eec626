import type { ErrorCode } from '../errors';
import { atImport } from '../pure';
import type { FunctionId } from './functions';

/**
 * kippu's business metrics, declared once: the functions emit them as CloudWatch embedded
 * metric format log lines (Powertools Metrics, shared/adapters/powertools/metrics.ts), and the CDK stacks build the alarms and the
 * dashboard from the same names and dimensions. CloudWatch tells metrics apart by namespace,
 * name and the exact set of dimensions, so an emitter that adds or drops a dimension makes a
 * different metric that no alarm watches: emit exactly what is declared here.
 *
 * Every metric carries the two common dimensions (`service`, set to METRICS_SERVICE rather
 * than to a function name so that one metric is one series whichever function emits it, and
 * `stage`) plus the ones it declares.
 */
export const METRICS_NAMESPACE = 'kippu';
export const METRICS_SERVICE = 'kippu';

export const commonMetricDimensions = (stage: string): { readonly service: string; readonly stage: string } => ({
  service: METRICS_SERVICE,
  stage,
});

/**
 * - `kind`: what a ticket was issued for, one of TICKET_KINDS.
 * - `currency`: ISO 4217 code of the amount (amounts are in minor units of it).
 * - `sweeper`: the id of the periodic schedule whose run is measured (shared/resources/schedules.ts).
 * - `queue`: the id of the queue whose dead-letter queue a message is moving to (shared/resources/queues.ts).
 * - `code`: the problem code a redeem was refused with, one of REDEEM_REFUSAL_CODES.
 */
/** The functions that walk a due index on a schedule (shared/domain/due/sweep.ts). */
const SWEEPERS: readonly FunctionId[] = [
  'ledgerExpire',
  'reservationSweep',
  'reservationComplete',
  'reservationNotify',
  'purchaseRecover',
  'registrationExpire',
  'usageExpire',
];

export type MetricDimension = 'kind' | 'currency' | 'sweeper' | 'queue' | 'code';

/** Units by their CloudWatch names (the `Unit` of an EMF metric). */
export type MetricUnit = 'Count' | 'Milliseconds' | 'Seconds' | 'None';

/** A metric on the wire. */
export interface MetricShape {
  readonly name: string;
  readonly unit: MetricUnit;
  /** Dimensions beyond the common ones, in this order. */
  readonly dimensions: readonly MetricDimension[];
}

/** A metric's meaning and emitters, kept beside its shape so that a function's bundle holds only the shapes. */
export interface MetricNotes {
  readonly description: string;
  /** The functions that emit it. */
  readonly emittedBy: readonly FunctionId[];
}

export type MetricDefinition = MetricShape & MetricNotes;

/**
 * The `kind` dimension of TicketsIssued: a direct issue, a purchase, a reservation's broadcaster
 * or viewer ticket, a grant of part of a ticket, a ticket moved to another device.
 */
export const TICKET_KINDS = ['direct', 'purchase', 'broadcaster', 'viewer', 'grant', 'transfer'] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];

/**
 * The `code` dimension of RedeemRefusals: what a redeem refuses a ticket or its caller with
 * (docs/usage-rights.md, "Refusals"). Not bad input (VALIDATION_FAILED, a nonce reused with
 * another request), not a write that lost its race too often (TRANSACTION_CONFLICT: nothing was
 * decided), not a draining intake (INTAKE_DRAINING: the redeem never ran).
 */
export const REDEEM_REFUSAL_CODES = [
  'TICKET_NOT_FOUND',
  'TICKET_REVOKED',
  'TICKET_NOT_YET_VALID',
  'TICKET_EXPIRED',
  'TICKET_EXHAUSTED',
  'DEVICE_PROOF_INVALID',
  'OTP_INVALID',
] as const satisfies readonly ErrorCode[];
export type RedeemRefusalCode = (typeof REDEEM_REFUSAL_CODES)[number];

/**
 * What a function writes for each metric: its name, unit and dimensions (shared/adapters/powertools/metrics.ts
 * needs only this, so a function's bundle carries only this).
 */
export const metricShapes = {
  ticketsIssued: { name: 'TicketsIssued', unit: 'Count', dimensions: ['kind'] },
  purchasesAuthorized: { name: 'PurchasesAuthorized', unit: 'Count', dimensions: [] },
  purchasesSettled: { name: 'PurchasesSettled', unit: 'Count', dimensions: [] },
  purchasesRejected: { name: 'PurchasesRejected', unit: 'Count', dimensions: [] },
  purchasesRefunded: { name: 'PurchasesRefunded', unit: 'Count', dimensions: [] },
  amountHeldMinor: { name: 'AmountHeldMinor', unit: 'None', dimensions: ['currency'] },
  amountPostedMinor: { name: 'AmountPostedMinor', unit: 'None', dimensions: ['currency'] },
  settlementLatency: { name: 'SettlementLatency', unit: 'Milliseconds', dimensions: [] },
  oldestAuthorizedPurchaseAge: { name: 'OldestAuthorizedPurchaseAge', unit: 'Seconds', dimensions: [] },
  purchaseTicketUnissuable: { name: 'PurchaseTicketUnissuable', unit: 'Count', dimensions: [] },
  reservationsBooked: { name: 'ReservationsBooked', unit: 'Count', dimensions: [] },
  reservationsConfirmed: { name: 'ReservationsConfirmed', unit: 'Count', dimensions: [] },
  reservationsExpired: { name: 'ReservationsExpired', unit: 'Count', dimensions: [] },
  reservationsCompleted: { name: 'ReservationsCompleted', unit: 'Count', dimensions: [] },
  sweeperItemsRead: { name: 'SweeperItemsRead', unit: 'Count', dimensions: ['sweeper'] },
  sweeperDueItemsLeft: { name: 'SweeperDueItemsLeft', unit: 'Count', dimensions: ['sweeper'] },
  ledgerHoldsNotExpired: { name: 'LedgerHoldsNotExpired', unit: 'Count', dimensions: [] },
  deadLetterArrivals: { name: 'DeadLetterArrivals', unit: 'Count', dimensions: ['queue'] },
  kmsThrottles: { name: 'KmsThrottles', unit: 'Count', dimensions: [] },
  redeems: { name: 'Redeems', unit: 'Count', dimensions: [] },
  redeemRefusals: { name: 'RedeemRefusals', unit: 'Count', dimensions: ['code'] },
  billingSettlementsWithheld: { name: 'BillingSettlementsWithheld', unit: 'Count', dimensions: [] },
} as const satisfies Record<string, MetricShape>;

export type MetricId = keyof typeof metricShapes;

/** What each metric means and which functions emit it: read by the alarms, the dashboard and the tests. */
const metricNotes: { readonly [Id in MetricId]: MetricNotes } = {
  /**
   * ticket-create (kind direct), purchase-create and purchase-recover (purchase: the recovery
   * issues the ticket of a purchase whose request crashed before storing it),
   * reservation-reconfirm (broadcaster), reservation-viewer-admit (viewer), ticket-share (grant,
   * transfer): once per ticket, by the write that stored it.
   */
  ticketsIssued: {
    description: 'Tickets signed and stored, by what they were issued for.',
    emittedBy: [
      'ticketCreate',
      'purchaseCreate',
      'purchaseRecover',
      'reservationReconfirm',
      'reservationViewerAdmit',
      'ticketShare',
    ],
  },
  /** purchase-create, once per purchase whose hold was placed (not on an idempotent replay). */
  purchasesAuthorized: {
    description: 'Purchases authorized: hold placed, ticket issued, settlement enqueued.',
    emittedBy: ['purchaseCreate'],
  },
  /** settlement-worker, once per purchase it moves to settled. */
  purchasesSettled: {
    description: 'Purchases whose hold was posted and split, with a signed docket.',
    emittedBy: ['settlementWorker'],
  },
  /** settlement-worker, once per purchase it moves to rejected (its hold could not be posted). */
  purchasesRejected: {
    description: 'Purchases rejected at settlement; their tickets are revoked.',
    emittedBy: ['settlementWorker'],
  },
  /**
   * purchase-refund, once per purchase it moves to refunded; settlement-worker when it
   * finishes a refund that stopped after voiding the hold.
   */
  purchasesRefunded: {
    description: 'Purchases refunded: every leg reversed, the ticket revoked.',
    emittedBy: ['purchaseRefund', 'settlementWorker'],
  },
  /** purchase-create (the purchase hold) and reservation-reconfirm (the reservation hold), the amount of each new hold. */
  amountHeldMinor: {
    description: 'Money placed on hold, in minor units of the currency.',
    emittedBy: ['purchaseCreate', 'reservationReconfirm'],
  },
  /**
   * settlement-worker (a settled purchase), reservation-complete (a show that ran) and
   * reservation-cancel (the fee captured after reconfirmation), the amount posted.
   */
  amountPostedMinor: {
    description: 'Money posted from holds, in minor units of the currency.',
    emittedBy: ['settlementWorker', 'reservationComplete', 'reservationCancel'],
  },
  /** settlement-worker, per settled purchase: from its authorization to its settlement. */
  settlementLatency: {
    description: 'Time from a purchase being authorized to it being settled.',
    emittedBy: ['settlementWorker'],
  },
  /**
   * purchase-recover, once per run: the age of the oldest purchase still authorized past the
   * grace that the run read (its sweep reads the oldest first; 0 when there is none), so the
   * settlement age alarm always has a data point while the sweep runs.
   */
  oldestAuthorizedPurchaseAge: {
    description: 'Age of the oldest purchase still waiting for settlement.',
    emittedBy: ['purchaseRecover'],
  },
  /**
   * purchase-recover, once per run: the stranded purchases (their request crashed before
   * storing the ticket) whose missing ticket it could not issue (the refusal's code is in its
   * error log line: the device the ticket binds to was deleted, say). Not sent, so nothing
   * settles them: their hold expires and nothing is charged, and each stays `authorized`. A
   * run that reads the hold again before its bucket is behind the watermark counts it again.
   */
  purchaseTicketUnissuable: {
    description: 'Stranded purchases whose missing ticket the recovery sweep could not issue (not settled, never charged).',
    emittedBy: ['purchaseRecover'],
  },
  /** reservation-create, once per booking. */
  reservationsBooked: {
    description: 'Reservations booked (pending reconfirmation).',
    emittedBy: ['reservationCreate'],
  },
  /** reservation-reconfirm, once per reservation it confirms. */
  reservationsConfirmed: {
    description: 'Reservations reconfirmed: hold placed, broadcaster ticket issued.',
    emittedBy: ['reservationReconfirm'],
  },
  /** reservation-expire (the one-time schedule) and reservation-sweep (the safety net), once per reservation expired. */
  reservationsExpired: {
    description: 'Reservations expired at their reconfirmation deadline.',
    emittedBy: ['reservationExpire', 'reservationSweep'],
  },
  /** reservation-complete, once per reservation it completes. */
  reservationsCompleted: {
    description: 'Reservations completed after their show.',
    emittedBy: ['reservationComplete'],
  },
  /** Each sweeper (the targets of the periodic schedules), once per run: the due items it read. */
  sweeperItemsRead: {
    description: 'Due items a sweeper run read from its due index.',
    emittedBy: SWEEPERS,
  },
  /**
   * Each sweeper, once per run: 1 when the run stopped at one of its limits (items, buckets)
   * with items already due still waiting for the next run, 0 when it drained everything due.
   * Not a count: counting what is left would cost the reads the limits exist to save, and the
   * backlog alarm only asks whether every run in a row left some.
   */
  sweeperDueItemsLeft: {
    description: 'Whether a sweeper run left due items for the next run (1) or drained them (0).',
    emittedBy: SWEEPERS,
  },
  /**
   * ledger-expire, once per run: the due holds it could not expire (the expire write was
   * refused and the hold is still pending: its derived expire id is taken by another
   * transfer). Each is also logged as an error with its id; their money stays held until an
   * operator looks, and the sweeper does not retry them.
   */
  ledgerHoldsNotExpired: {
    description: 'Due ledger holds the expiry sweeper could not expire (still pending after a refused expire).',
    emittedBy: ['ledgerExpire'],
  },
  /**
   * settlement-worker and the billing consumers, once per message that fails on its last
   * receive (it goes to the dead-letter queue next). SQS's own NumberOfMessagesSent does not count messages moved to a
   * dead-letter queue by a redrive policy, hence a metric of kippu's.
   */
  deadLetterArrivals: {
    description: 'Messages handed to a dead-letter queue after their last receive failed.',
    emittedBy: ['settlementWorker', 'billingCoordinator', 'billingStatementWorker'],
  },
  /**
   * Every function that calls KMS with a key (its KMS adapter), once per attempt that KMS
   * answered with ThrottlingException, including the attempts the SDK retried. KMS publishes
   * no throttle count for keys in the default key store (AWS/Usage has only the call counts).
   * The list functions' derivation of the cursor key (one kms:GenerateMac per container,
   * retried by the SDK) goes through the same client, so it is counted where the function has
   * this adapter anyway, and not in the list functions that call KMS for nothing else: a
   * derivation that still fails fails that request (the function's errors) and the next list
   * derives again; counting it there would put Powertools Metrics into those bundles for one
   * call per container.
   */
  kmsThrottles: {
    description: 'KMS requests answered with ThrottlingException.',
    emittedBy: [
      'jwksGet',
      'ticketCreate',
      'purchaseCreate',
      'purchaseRecover',
      'settlementWorker',
      'providerRevocationsGet',
      'purchaseGet',
      'purchaseDocketGet',
      'purchaseRefund',
      'signingKeyRotate',
      'reservationReconfirm',
      'reservationViewerAdmit',
      'registrationCreate',
      'registrationConfirm',
      'billingStatementWorker',
      'contentManage',
      'ticketRedeem',
      'ticketShare',
    ],
  },
  /**
   * ticket-redeem, once per redeem whose write debited the ticket (a retry of its nonce answers
   * the first answer and counts nothing).
   */
  redeems: {
    description: 'Redeems that debited a ticket (uses, seconds reserved, or its window checked).',
    emittedBy: ['ticketRedeem'],
  },
  /**
   * ticket-redeem, once per redeem refused with one of REDEEM_REFUSAL_CODES. A refusal writes
   * nothing, so a provider that sends a refused redeem again is counted again.
   */
  redeemRefusals: {
    description: 'Redeems refused, by the problem code of the refusal.',
    emittedBy: ['ticketRedeem'],
  },
  /**
   * billing-statement-worker, once per statement whose payout or collection the ledger refused
   * with BALANCE_OVERFLOW (an account on statements at its bound): the statement was made without
   * it, the amount carried to the next period (docs/billing.md, "Withheld payouts and collections").
   * A redelivery that finds the statement stored counts nothing.
   */
  billingSettlementsWithheld: {
    description: 'Statements whose payout or collection the ledger refused (BALANCE_OVERFLOW): withheld, carried forward.',
    emittedBy: ['billingStatementWorker'],
  },
};

/** Every metric, shape and notes together (the CDK stacks and the tests). */
export const metrics = /* @__PURE__ */ atImport(
  () =>
    Object.fromEntries(
      (Object.keys(metricShapes) as MetricId[]).map((id) => [id, { ...metricShapes[id], ...metricNotes[id] }]),
    ) as { readonly [Id in MetricId]: (typeof metricShapes)[Id] & MetricNotes },
);

export const metricList: readonly MetricDefinition[] = /* @__PURE__ */ Object.values(metrics);
