import { environmentValues, integer, type Values } from './fields';
import { atImport } from '../pure';

/**
 * Tunables of usage rights (SPEC S5): their part of the one environment declaration (index.ts).
 *
 *   KIPPU_USAGE_RESERVATION_SECONDS   3600 (1 h)  how long seconds reserved by a redeem wait for
 *                                                 their usage report before they expire and go
 *                                                 back to the ticket; a redeem reserves at most
 *                                                 this many seconds
 */
export const rightsEnvironment = /* @__PURE__ */ atImport(() => ({
  KIPPU_USAGE_RESERVATION_SECONDS: integer(3_600, { atLeast: 1, atMost: 7 * 24 * 3600 }),
}));

export interface RightsConfig {
  readonly usageReservationSeconds: number;
}

export const rightsConfigFrom = (values: Values<typeof rightsEnvironment>): RightsConfig => ({
  usageReservationSeconds: values.KIPPU_USAGE_RESERVATION_SECONDS,
});

/** The rights part of the configuration alone, checked as `loadConfig` checks it: for the functions that use it. */
export const rightsConfigOf = (env: NodeJS.ProcessEnv): RightsConfig =>
  rightsConfigFrom(environmentValues(rightsEnvironment, env));
