import { z } from 'zod';
import { ConfigError } from './config';

/**
 * Tunables of usage rights, parsed once at init like shared/config.ts. Resource names (the
 * core table, the data and signing keys) come from their declarations.
 */
const RightsConfigSchema = z.object({
  /**
   * How long seconds reserved by a redeem wait for their usage report before they expire and
   * go back to the ticket. A redeem reserves at most this many seconds.
   */
  KIPPU_USAGE_RESERVATION_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .default(3_600),
});

export interface RightsConfig {
  readonly usageReservationSeconds: number;
}

export const loadRightsConfig = (env: NodeJS.ProcessEnv): RightsConfig => {
  const parsed = RightsConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid usage-rights configuration: ${problems.join('; ')}`);
  }
  return { usageReservationSeconds: parsed.data.KIPPU_USAGE_RESERVATION_SECONDS };
};
