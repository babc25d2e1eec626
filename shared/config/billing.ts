import * as z from 'zod';

/**
 * Tunables of batch billing (docs/billing.md): their part of the one environment schema
 * (index.ts) and the view the statement worker and the remittance import get. The tables and
 * queues come from their declarations in shared/resources.
 */
export const billingEnvironment = {
  /** A provider balance below this (in minor units) is carried to the next statement instead of paid out. */
  KIPPU_BILLING_PAYOUT_MINIMUM_MINOR: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  /** A remittance difference up to this (in minor units) is listed but not adjusted. */
  KIPPU_BILLING_REMITTANCE_TOLERANCE_MINOR: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
};

export interface BillingConfig {
  readonly payoutMinimumMinor: number;
  readonly remittanceToleranceMinor: number;
}

export const billingConfigOf = (values: z.output<z.ZodObject<typeof billingEnvironment>>): BillingConfig => ({
  payoutMinimumMinor: values.KIPPU_BILLING_PAYOUT_MINIMUM_MINOR,
  remittanceToleranceMinor: values.KIPPU_BILLING_REMITTANCE_TOLERANCE_MINOR,
});
