import { REGISTRATION_CONFIRM_SECONDS_MAX } from '../limits';
import { integer, type Values } from './fields';

/**
 * Tunables of the identity area: their part of the one environment declaration (index.ts) and
 * the view the identity functions get. Resource names (the user pool, its sessions client,
 * the token URL, the sender address) come from their declarations in
 * shared/resources/identity.ts.
 */
export const identityEnvironment = {
  /** How long a provisional registration waits for its code before it expires. */
  KIPPU_REGISTRATION_CONFIRM_SECONDS: integer(86_400, { atLeast: 1, atMost: REGISTRATION_CONFIRM_SECONDS_MAX }),
};

export interface IdentityConfig {
  readonly registrationConfirmSeconds: number;
}

export const identityConfigOf = (values: Values<typeof identityEnvironment>): IdentityConfig => ({
  registrationConfirmSeconds: values.KIPPU_REGISTRATION_CONFIRM_SECONDS,
});
