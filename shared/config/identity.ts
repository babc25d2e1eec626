import { REGISTRATION_CONFIRM_SECONDS_MAX } from '../limits';
import { environmentValues, integer, type Values } from './fields';
import { atImport } from '../pure';

/**
 * Tunables of the identity area: their part of the one environment declaration (index.ts) and
 * the view the identity functions get. Resource names (the user pool, its sessions client,
 * the token URL, the sender address) come from their declarations in
 * shared/resources/identity.ts.
 */
export const identityEnvironment = /* @__PURE__ */ atImport(() => ({
  /** How long a provisional registration waits for its code before it expires. */
  KIPPU_REGISTRATION_CONFIRM_SECONDS: integer(86_400, { atLeast: 1, atMost: REGISTRATION_CONFIRM_SECONDS_MAX }),
}));

export interface IdentityConfig {
  readonly registrationConfirmSeconds: number;
}

export const identityConfigFrom = (values: Values<typeof identityEnvironment>): IdentityConfig => ({
  registrationConfirmSeconds: values.KIPPU_REGISTRATION_CONFIRM_SECONDS,
});

/** The identity part of the configuration alone, checked as `loadConfig` checks it: for the functions that use it. */
export const identityConfigOf = (env: NodeJS.ProcessEnv): IdentityConfig =>
  identityConfigFrom(environmentValues(identityEnvironment, env));
