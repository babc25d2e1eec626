import * as z from '../zod';

/**
 * Tunables of batch billing (docs/billing.md): their part of the one environment schema
 * (index.ts) and the view the statement worker and the remittance import get. The tables and
 * queues come from their declarations in shared/resources.
 */
export const billingEnvironment = {
  /** A provider balance below this (in minor units) is carried to the next statement instead of paid out. */
  KIPPU_BILLING_PAYOUT_MINIMUM_MINOR: z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(Number.MAX_SAFE_INTEGER)), 0),
  /** A remittance difference up to this (in minor units) is listed but not adjusted. */
  KIPPU_BILLING_REMITTANCE_TOLERANCE_MINOR: z._default(
    z.coerce.number().check(z.int(), z.gte(0), z.lte(Number.MAX_SAFE_INTEGER)),
    0,
  ),
};

export interface BillingConfig {
  readonly payoutMinimumMinor: number;
  readonly remittanceToleranceMinor: number;
}

export const billingConfigOf = (values: z.output<z.ZodMiniObject<typeof billingEnvironment>>): BillingConfig => ({
  payoutMinimumMinor: values.KIPPU_BILLING_PAYOUT_MINIMUM_MINOR,
  remittanceToleranceMinor: values.KIPPU_BILLING_REMITTANCE_TOLERANCE_MINOR,
});
