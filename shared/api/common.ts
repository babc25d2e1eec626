import { z } from 'zod';
import { CURSOR_LENGTH_MAX, IDENTIFIER_LENGTH_MAX } from '../limits';

/** Schemas shared by several endpoints. Requests are strict: unknown fields are refused. */
export const Identifier = z
  .string()
  .min(1)
  .max(IDENTIFIER_LENGTH_MAX)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:@-]*$/, 'letters, digits and _ . : @ - only');

/** A resource path such as `server-1/stream-7`: identifier segments separated by slashes. */
export const ResourceName = z
  .string()
  .min(1)
  .max(IDENTIFIER_LENGTH_MAX)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:@-]*(\/[A-Za-z0-9][A-Za-z0-9_.:@-]*)*$/, 'identifier segments separated by /');

export const Timestamp = z.iso.datetime({ offset: true });

export const Currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO-4217 code such as JPY');

/** A page cursor exactly as a previous page handed it out. */
export const Cursor = z.string().min(1).max(CURSOR_LENGTH_MAX);

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    code: z.string(),
    detail: z.string(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });

/** How a customer pays: the carrier account (postpaid) or the prepaid wallet. */
export const PaymentRouteSchema = z.enum(['carrier', 'wallet']);

/** A price split at posting: each fee rounded down, the provider keeps the rest; the parts sum to the gross. */
export const FeeSplitSchema = z
  .object({ grossMinor: z.int(), providerNetMinor: z.int(), platformFeeMinor: z.int(), carrierFeeMinor: z.int() })
  .meta({ id: 'FeeSplit' });
