import { environmentValues, integer, type Values } from './fields';
import { atImport } from '../pure';
import {
  BILLING_REMITTANCE_CHUNK_SIZE_DEFAULT,
  BILLING_REMITTANCE_CHUNK_SIZE_MAX,
  BILLING_STATEMENT_PAGE_LINES_DEFAULT,
  BILLING_STATEMENT_PAGE_LINES_MAX,
} from '../limits';

/**
 * Tunables of batch billing (docs/billing.md): their part of the one environment declaration
 * (index.ts) and the view the statement worker, the remittance import and the run nudge get.
 * The tables and queues come from their declarations in shared/resources.
 */
export const billingEnvironment = /* @__PURE__ */ atImport(() => ({
  /** A provider balance below this (in minor units) is carried to the next statement instead of paid out. */
  KIPPU_BILLING_PAYOUT_MINIMUM_MINOR: integer(0, { atLeast: 0, atMost: Number.MAX_SAFE_INTEGER }),
  /** A remittance difference up to this (in minor units) is listed but not adjusted. */
  KIPPU_BILLING_REMITTANCE_TOLERANCE_MINOR: integer(0, { atLeast: 0, atMost: Number.MAX_SAFE_INTEGER }),
  /** The differences of a remittance import the billing worker posts per chunk (one SQS message each). */
  KIPPU_BILLING_REMITTANCE_CHUNK_SIZE: integer(BILLING_REMITTANCE_CHUNK_SIZE_DEFAULT, {
    atLeast: 1,
    atMost: BILLING_REMITTANCE_CHUNK_SIZE_MAX,
  }),
  /** A run still `running` this long after it started gets its coordinator message again from the nudge schedule, and a build not moved for this long its next step. */
  KIPPU_BILLING_RUN_NUDGE_AFTER_SECONDS: integer(3_600, { atLeast: 0, atMost: Number.MAX_SAFE_INTEGER }),
  /**
   * A statement with more lines than this is paged: its document lists its pages of at most this many lines.
   * At most BILLING_STATEMENT_PAGES_MAX pages, so a statement holds at most 1,000 × this many lines (docs/billing.md, Decisions).
   */
  KIPPU_BILLING_STATEMENT_PAGE_LINES: integer(BILLING_STATEMENT_PAGE_LINES_DEFAULT, {
    atLeast: 1,
    atMost: BILLING_STATEMENT_PAGE_LINES_MAX,
  }),
}));

export interface BillingConfig {
  readonly payoutMinimumMinor: number;
  readonly remittanceToleranceMinor: number;
  readonly remittanceChunkSize: number;
  readonly runNudgeAfterSeconds: number;
  readonly statementPageLines: number;
}

export const billingConfigFrom = (values: Values<typeof billingEnvironment>): BillingConfig => ({
  payoutMinimumMinor: values.KIPPU_BILLING_PAYOUT_MINIMUM_MINOR,
  remittanceToleranceMinor: values.KIPPU_BILLING_REMITTANCE_TOLERANCE_MINOR,
  remittanceChunkSize: values.KIPPU_BILLING_REMITTANCE_CHUNK_SIZE,
  runNudgeAfterSeconds: values.KIPPU_BILLING_RUN_NUDGE_AFTER_SECONDS,
  statementPageLines: values.KIPPU_BILLING_STATEMENT_PAGE_LINES,
});

/** The billing part of the configuration alone, checked as `loadConfig` checks it: for the functions that use it. */
export const billingConfigOf = (env: NodeJS.ProcessEnv): BillingConfig =>
  billingConfigFrom(environmentValues(billingEnvironment, env));
