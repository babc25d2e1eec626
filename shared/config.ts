import { z } from 'zod';

/**
 * Configuration comes from the environment, parsed once at init so a bad deploy fails loudly
 * and once. Resource names have no defaults: a function that needs a table or key and was not
 * given its name fails at init. Tunables (margins, rates, limits) have the documented
 * defaults and can be shortened for tests and demos.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const AppConfigSchema = z.object({
  KIPPU_STAGE: z.string().regex(/^[a-z][a-z0-9-]{0,20}$/),
  /** The `iss` of every ticket: the deployment's public base URL. */
  KIPPU_ISSUER: z.url(),
  /** Leeway for ticket windows when verifying, in seconds (SPEC: at most 60). */
  KIPPU_TICKET_LEEWAY_SECONDS: z.coerce.number().int().min(0).max(60).default(30),
  /** The longest window a ticket may have. */
  KIPPU_TICKET_VALIDITY_SECONDS_MAX: z.coerce
    .number()
    .int()
    .positive()
    .default(366 * 24 * 3600),
  /** How long an in-progress idempotency record blocks a concurrent retry before a retry may take over. */
  KIPPU_IDEMPOTENCY_LEASE_SECONDS: z.coerce.number().int().positive().default(30),
  /** How long idempotency records are kept (TTL cleanup only). */
  KIPPU_IDEMPOTENCY_RETENTION_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(7 * 24 * 3600),
  /** JWKS cache lifetime announced to verifiers. */
  KIPPU_JWKS_MAX_AGE_SECONDS: z.coerce.number().int().min(0).default(300),
});

export type AppConfig = {
  readonly stage: string;
  readonly issuer: string;
  readonly ticketLeewaySeconds: number;
  readonly ticketValiditySecondsMax: number;
  readonly idempotencyLeaseSeconds: number;
  readonly idempotencyRetentionSeconds: number;
  readonly jwksMaxAgeSeconds: number;
};

export const loadConfig = (env: NodeJS.ProcessEnv): AppConfig => {
  const parsed = AppConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const values = parsed.data;
  return {
    stage: values.KIPPU_STAGE,
    issuer: values.KIPPU_ISSUER,
    ticketLeewaySeconds: values.KIPPU_TICKET_LEEWAY_SECONDS,
    ticketValiditySecondsMax: values.KIPPU_TICKET_VALIDITY_SECONDS_MAX,
    idempotencyLeaseSeconds: values.KIPPU_IDEMPOTENCY_LEASE_SECONDS,
    idempotencyRetentionSeconds: values.KIPPU_IDEMPOTENCY_RETENTION_SECONDS,
    jwksMaxAgeSeconds: values.KIPPU_JWKS_MAX_AGE_SECONDS,
  };
};

/** The physical name or id of a declared resource, from the variable its declaration names. */
export const resourceFromEnv = (env: NodeJS.ProcessEnv, resource: { readonly envVar: string }): string => {
  const value = env[resource.envVar];
  if (value === undefined || value === '') throw new ConfigError(`${resource.envVar} is not set`);
  return value;
};

/** A comma-separated list variable, e.g. the key ids that verify tickets during rotation. */
export const listFromEnv = (env: NodeJS.ProcessEnv, name: string): readonly string[] =>
  (env[name] ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
