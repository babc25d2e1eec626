import * as z from '../zod';

/**
 * Tunables of usage rights (SPEC S5): their part of the one environment schema (index.ts).
 *
 *   KIPPU_USAGE_RESERVATION_SECONDS   3600 (1 h)  how long seconds reserved by a redeem wait for
 *                                                 their usage report before they expire and go
 *                                                 back to the ticket; a redeem reserves at most
 *                                                 this many seconds
 */
export const rightsEnvironment = {
  KIPPU_USAGE_RESERVATION_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(7 * 24 * 3600)), 3_600),
};

export interface RightsConfig {
  readonly usageReservationSeconds: number;
}

export const rightsConfigOf = (values: z.output<z.ZodMiniObject<typeof rightsEnvironment>>): RightsConfig => ({
  usageReservationSeconds: values.KIPPU_USAGE_RESERVATION_SECONDS,
});
