import { TICKET_LEEWAY_SECONDS_MAX, TICKET_VALIDITY_SECONDS_MAX } from '../limits';
import { billingConfigFrom, billingEnvironment, type BillingConfig } from './billing';
import { ConfigError } from './errors';
import { environmentValues, integer, list, text, url, type Values } from './fields';
import { identityConfigFrom, identityEnvironment, type IdentityConfig } from './identity';
import { loggingConfigFrom, loggingEnvironment, type LoggingConfig } from './logging';
import { purchaseConfigFrom, purchaseEnvironment, type PurchaseConfig } from './purchases';
import { reservationConfigFrom, reservationEnvironment, type ReservationConfig } from './reservations';
import { signingConfigOf, signingEnvironment, signingProblem, type SigningConfig } from './signing';
import { rightsConfigFrom, rightsEnvironment, type RightsConfig } from './rights';

export { ConfigError } from './errors';
export type { ReservationConfig } from './reservations';
export { signingPolicyOf, type SigningConfig, type SigningMode } from './signing';
export { loggingConfigOf, type LoggingConfig } from './logging';
export { billingConfigOf } from './billing';
export { identityConfigOf } from './identity';
export { purchaseConfigOf } from './purchases';
export { reservationConfigOf } from './reservations';
export { rightsConfigOf } from './rights';

/**
 * Configuration comes from the environment, every variable declared ONCE (below) and parsed
 * when a function's wiring is built (shared/http/lazy.ts: its first invocation), so a bad
 * deploy fails loudly and once per container. Resource names have no defaults: a function that needs a table or key and was
 * not given its name fails (`resourceFromEnv`). Tunables (margins, rates, limits) have the
 * documented defaults (README, Configuration) and can be shortened for tests and demos. Each
 * area's variables live beside its view (purchases.ts, reservations.ts, billing.ts); their
 * parsers are kippu's own (fields.ts).
 *
 * A function checks what it uses: every function the core below (`loadCoreConfig`, in
 * baseDeps), and the wiring of an area's functions that area (`purchaseConfigOf(env)`, …).
 * An area's variables and parsers then stay out of the bundles of the functions that do not
 * use it (docs/cost.md, cold start). `loadConfig` checks everything at once, with every
 * problem in one message (the tests and the bench).
 */
const baseEnvironment = {
  KIPPU_STAGE: text(/^[a-z][a-z0-9-]{0,20}$/),
  /** The `iss` of every ticket: the deployment's public base URL. */
  KIPPU_ISSUER: url(),
  /** Further KMS keys listed in the JWKS (the previous signing key during rotation), comma-separated. */
  KIPPU_TICKET_VERIFY_KEY_IDS: list(),
  /** Leeway for ticket windows when verifying, in seconds (SPEC: at most 60). */
  KIPPU_TICKET_LEEWAY_SECONDS: integer(30, { atLeast: 0, atMost: TICKET_LEEWAY_SECONDS_MAX }),
  /** The longest window a ticket may have. */
  KIPPU_TICKET_VALIDITY_SECONDS_MAX: integer(TICKET_VALIDITY_SECONDS_MAX, { above: 0, atMost: TICKET_VALIDITY_SECONDS_MAX }),
  /** How long an in-progress idempotency record blocks a concurrent retry before a retry may take over. */
  KIPPU_IDEMPOTENCY_LEASE_SECONDS: integer(30, { above: 0 }),
  /** How long idempotency records are kept (TTL cleanup only). */
  KIPPU_IDEMPOTENCY_RETENTION_SECONDS: integer(7 * 24 * 3600, { above: 0 }),
  /** JWKS cache lifetime announced to verifiers. */
  KIPPU_JWKS_MAX_AGE_SECONDS: integer(300, { atLeast: 0 }),
};

/**
 * The core leaves the logging variables out: the container's logger reads them on its own
 * (`loggingConfigOf`, shared/adapters/powertools/logger.ts), before any configuration is loaded,
 * and nothing else uses them.
 */
const coreEnvironment = { ...baseEnvironment, ...signingEnvironment };

/** What every function uses: the deployment, tickets, idempotency, the JWKS and signing. */
export interface CoreConfig {
  readonly stage: string;
  readonly issuer: string;
  readonly ticketVerifyKeyIds: readonly string[];
  readonly ticketLeewaySeconds: number;
  readonly ticketValiditySecondsMax: number;
  readonly idempotencyLeaseSeconds: number;
  readonly idempotencyRetentionSeconds: number;
  readonly jwksMaxAgeSeconds: number;
  readonly signing: SigningConfig;
}

/** The whole configuration: the core, the logging variables and every area. */
export interface AppConfig extends CoreConfig {
  readonly logging: LoggingConfig;
  readonly purchases: PurchaseConfig;
  readonly reservations: ReservationConfig;
  readonly identity: IdentityConfig;
  readonly billing: BillingConfig;
  readonly rights: RightsConfig;
}

const coreConfigFrom = (values: Values<typeof coreEnvironment>): CoreConfig => {
  const signing = signingProblem(values, values.KIPPU_TICKET_VERIFY_KEY_IDS);
  if (signing !== undefined) throw new ConfigError(`invalid configuration: ${signing}`);
  return {
    stage: values.KIPPU_STAGE,
    issuer: values.KIPPU_ISSUER,
    ticketVerifyKeyIds: values.KIPPU_TICKET_VERIFY_KEY_IDS,
    ticketLeewaySeconds: values.KIPPU_TICKET_LEEWAY_SECONDS,
    ticketValiditySecondsMax: values.KIPPU_TICKET_VALIDITY_SECONDS_MAX,
    idempotencyLeaseSeconds: values.KIPPU_IDEMPOTENCY_LEASE_SECONDS,
    idempotencyRetentionSeconds: values.KIPPU_IDEMPOTENCY_RETENTION_SECONDS,
    jwksMaxAgeSeconds: values.KIPPU_JWKS_MAX_AGE_SECONDS,
    signing: signingConfigOf(values),
  };
};

/** The core of the configuration: what every function checks at init (baseDeps). */
export const loadCoreConfig = (env: NodeJS.ProcessEnv): CoreConfig => coreConfigFrom(environmentValues(coreEnvironment, env));

/** The whole configuration, every variable checked at once and every problem in one ConfigError. */
export const loadConfig = (env: NodeJS.ProcessEnv): AppConfig => {
  const values = environmentValues(
    {
      ...baseEnvironment,
      ...purchaseEnvironment,
      ...reservationEnvironment,
      ...identityEnvironment,
      ...billingEnvironment,
      ...signingEnvironment,
      ...loggingEnvironment,
      ...rightsEnvironment,
    },
    env,
  );
  return {
    ...coreConfigFrom(values),
    logging: loggingConfigFrom(values),
    purchases: purchaseConfigFrom(values),
    reservations: reservationConfigFrom(values),
    identity: identityConfigFrom(values),
    billing: billingConfigFrom(values),
    rights: rightsConfigFrom(values),
  };
};

/**
 * The stage alone, checked as `loadConfig` checks it: for what needs only the stage (the
 * metrics' `stage` dimension) without the rest of the configuration.
 */
export const stageOf = (env: NodeJS.ProcessEnv): string =>
  environmentValues({ KIPPU_STAGE: baseEnvironment.KIPPU_STAGE }, env).KIPPU_STAGE;

/** The physical name or id of a declared resource, from the variable its declaration names. */
export const resourceFromEnv = (env: NodeJS.ProcessEnv, resource: { readonly envVar: string }): string => {
  const value = env[resource.envVar];
  if (value === undefined || value === '') throw new ConfigError(`${resource.envVar} is not set`);
  return value;
};
