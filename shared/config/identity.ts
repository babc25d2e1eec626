import * as z from '../zod';
import { REGISTRATION_CONFIRM_SECONDS_MAX } from '../limits';

/**
 * Tunables of the identity area: their part of the one environment schema (index.ts) and
 * the view the identity functions get. Resource names (the user pool, its sessions client,
 * the token URL, the sender address) come from their declarations in
 * shared/resources/identity.ts.
 */
export const identityEnvironment = {
  /** How long a provisional registration waits for its code before it expires. */
  KIPPU_REGISTRATION_CONFIRM_SECONDS: z._default(
    z.coerce.number().check(z.int(), z.gte(1), z.lte(REGISTRATION_CONFIRM_SECONDS_MAX)),
    86_400,
  ),
};

export interface IdentityConfig {
  readonly registrationConfirmSeconds: number;
}

export const identityConfigOf = (values: z.output<z.ZodMiniObject<typeof identityEnvironment>>): IdentityConfig => ({
  registrationConfirmSeconds: values.KIPPU_REGISTRATION_CONFIRM_SECONDS,
});
