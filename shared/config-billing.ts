import { z } from 'zod';
import { ConfigError } from './config';

/**
 * Tunables of batch billing (docs/billing.md), parsed once at init like shared/config.ts.
 */
const BillingConfigSchema = z.object({
  /** A provider balance below this (in minor units) is carried to the next statement instead of paid out. */
  KIPPU_BILLING_PAYOUT_MINIMUM_MINOR: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  /** A remittance difference up to this (in minor units) is listed but not adjusted. */
  KIPPU_BILLING_REMITTANCE_TOLERANCE_MINOR: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
});

export interface BillingConfig {
  readonly payoutMinimumMinor: number;
  readonly remittanceToleranceMinor: number;
}

export const loadBillingConfig = (env: NodeJS.ProcessEnv): BillingConfig => {
  const parsed = BillingConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid billing configuration: ${problems.join('; ')}`);
  }
  return {
    payoutMinimumMinor: parsed.data.KIPPU_BILLING_PAYOUT_MINIMUM_MINOR,
    remittanceToleranceMinor: parsed.data.KIPPU_BILLING_REMITTANCE_TOLERANCE_MINOR,
  };
};
