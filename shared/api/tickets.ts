import * as z from 'zod';
import {
  TICKET_CAPABILITIES_MAX,
  TICKET_CAPABILITY_LENGTH_MAX,
  TICKET_VALIDITY_SECONDS_MAX,
  TICKET_VALIDITY_SECONDS_MIN,
} from '../limits';
import { Identifier, ResourceName, Timestamp } from './common';

export const Capability = z
  .string()
  .min(1)
  .max(TICKET_CAPABILITY_LENGTH_MAX)
  .regex(/^[a-z][a-z0-9_.:-]*$/, 'lower-case letters, digits and _ . : - only');

/** A purpose of use (S3): the same shape as a capability. */
export const Purpose = Capability.describe('a purpose of use, e.g. viewing or education');

export const TicketCreateRequest = z
  .strictObject({
    providerId: Identifier,
    holderId: Identifier,
    resource: ResourceName.describe('server/stream, channel or content id'),
    validitySeconds: z
      .int()
      .min(TICKET_VALIDITY_SECONDS_MIN)
      .max(TICKET_VALIDITY_SECONDS_MAX)
      .describe(
        `at most ${TICKET_VALIDITY_SECONDS_MAX} (366 days) or the deployment's shorter maximum; the window must end after now`,
      ),
    capabilities: z.array(Capability).min(1).max(TICKET_CAPABILITIES_MAX),
    notBefore: Timestamp.optional().describe('start of the window; defaults to now'),
    maxUses: z.int().positive().optional(),
    maxSeconds: z.int().positive().optional(),
    otp: z.boolean().optional().describe('a one-time password is required per connection'),
  })
  .meta({ id: 'TicketCreateRequest' });

export const TicketResponse = z
  .object({
    id: z.string(),
    token: z.string().describe('compact JWS, ES256, typ kippu-ticket+jwt'),
    providerId: z.string(),
    holderId: z.string().optional().describe('absent for providers'),
    subject: z.string().describe('the pseudonymous sub claim'),
    resource: z.string(),
    capabilities: z.array(z.string()),
    issuedAt: Timestamp,
    notBefore: Timestamp,
    expiresAt: Timestamp,
    status: z.enum(['active', 'revoked']),
    revokedAt: Timestamp.optional(),
    keyId: z.string(),
    maxUses: z.int().optional(),
    maxSeconds: z.int().optional(),
    otp: z.boolean().optional(),
    contentId: z.string().optional().describe('the content this ticket is a usage right for'),
    purpose: z.string().optional(),
    deviceId: z.string().optional().describe('the device the ticket is bound to (cnf.jkt); shown to its holder'),
    grantedFrom: z.string().optional().describe('the ticket this one was granted from'),
    transferredFrom: z.string().optional().describe('the ticket this one replaced on another device'),
  })
  .meta({ id: 'Ticket' });

export const JwksResponse = z.object({ keys: z.array(z.record(z.string(), z.unknown())) }).meta({ id: 'JsonWebKeySet' });

/** The OpenAPI document itself (validated by OpenAPI tools, not by this schema). */
export const OpenApiDocumentResponse = z
  .looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.looseObject({}) })
  .meta({ id: 'OpenApiDocument' });

export const HealthResponse = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });
