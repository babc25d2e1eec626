import * as z from 'zod';
import { REGISTRATION_CONFIRM_SECONDS_MAX } from '../limits';

/**
 * Tunables of the identity area: their part of the one environment schema (index.ts) and
 * the view the identity functions get. Resource names (the user pool, its sessions client,
 * the token URL, the sender address) come from their declarations in
 * shared/resources/identity.ts.
 */
export const identityEnvironment = {
  /** How long a provisional registration waits for its code before it expires. */
  KIPPU_REGISTRATION_CONFIRM_SECONDS: z.coerce.number().int().min(1).max(REGISTRATION_CONFIRM_SECONDS_MAX).default(86_400),
};

export interface IdentityConfig {
  readonly registrationConfirmSeconds: number;
}

export const identityConfigOf = (values: z.output<z.ZodObject<typeof identityEnvironment>>): IdentityConfig => ({
  registrationConfirmSeconds: values.KIPPU_REGISTRATION_CONFIRM_SECONDS,
});
