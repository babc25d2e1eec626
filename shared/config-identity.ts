import { z } from 'zod';
import { ConfigError } from './config';

/**
 * Tunables of the identity area, parsed once at init like shared/config.ts. Resource names
 * (the user pool, its sessions client, the token URL, the sender address) come from their
 * declarations in shared/resources/identity.ts.
 */
const IdentityConfigSchema = z.object({
  /** How long a provisional registration waits for its code before it expires. */
  KIPPU_REGISTRATION_CONFIRM_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(30 * 24 * 3600)
    .default(86_400),
});

export interface IdentityConfig {
  readonly registrationConfirmSeconds: number;
}

export const loadIdentityConfig = (env: NodeJS.ProcessEnv): IdentityConfig => {
  const parsed = IdentityConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid identity configuration: ${problems.join('; ')}`);
  }
  return { registrationConfirmSeconds: parsed.data.KIPPU_REGISTRATION_CONFIRM_SECONDS };
};
