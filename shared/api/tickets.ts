import * as z from '../zod';
import {
  TICKET_CAPABILITIES_MAX,
  TICKET_CAPABILITY_LENGTH_MAX,
  TICKET_VALIDITY_SECONDS_MAX,
  TICKET_VALIDITY_SECONDS_MIN,
} from '../limits';
import { Identifier, Instant, ResourceName, Timestamp } from './common';

export const Capability = /* @__PURE__ */ z.schema(() =>
  z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(TICKET_CAPABILITY_LENGTH_MAX),
      z.regex(/^[a-z][a-z0-9_.:-]*$/, 'lower-case letters, digits and _ . : - only'),
    ),
);

/** A purpose of use (S3): the same shape as a capability. */
export const Purpose = /* @__PURE__ */ z.schema(() =>
  Capability.check(z.describe('a purpose of use, e.g. viewing or education')),
);

export const TicketCreateRequest = /* @__PURE__ */ z.schema(() =>
  z
    .strictObject({
      providerId: Identifier,
      holderId: Identifier,
      resource: ResourceName.check(z.describe('server/stream, channel or content id')),
      validitySeconds: z
        .int()
        .check(
          z.gte(TICKET_VALIDITY_SECONDS_MIN),
          z.lte(TICKET_VALIDITY_SECONDS_MAX),
          z.describe(
            `at most ${TICKET_VALIDITY_SECONDS_MAX} (366 days) or the deployment's shorter maximum; the window must end after now`,
          ),
        ),
      capabilities: z.array(Capability).check(z.minLength(1), z.maxLength(TICKET_CAPABILITIES_MAX)),
      notBefore: z.optional(Instant).check(z.describe('start of the window; defaults to now')),
      maxUses: z.optional(z.int().check(z.gte(1))),
      maxSeconds: z.optional(z.int().check(z.gte(1))),
      otp: z.optional(z.boolean()).check(z.describe('a one-time password is required per connection')),
      fixedPassword: z
        .optional(z.boolean())
        .check(
          z.describe(
            'the holder’s fixed password (POST /v1/tickets/{id}/password) is required on every connection; not together with otp (else 422 VALIDATION_FAILED naming fixedPassword)',
          ),
        ),
    })
    .check(z.meta({ id: 'TicketCreateRequest' })),
);

/** What is left on a ticket that counts uses or seconds (absent on one that counts neither). */
export const TicketRemaining = /* @__PURE__ */ z.schema(() =>
  z
    .object({
      uses: z.optional(z.int()).check(z.describe('uses left (a ticket with maxUses)')),
      seconds: z
        .optional(z.int())
        .check(z.describe('seconds left that no redeem holds (a ticket with maxSeconds): what a redeem or a grant may take now')),
      reservedSeconds: z
        .optional(z.int())
        .check(
          z.describe(
            'seconds held by redeems whose usage is not reported yet (a ticket with maxSeconds); a reservation past its expiry counts as given back, as a redeem judges it',
          ),
        ),
    })
    .check(
      z.describe(
        'what is left on the ticket at the instant of the answer; a ticket that moved to another device shows nothing left (its allowance went with it); a revoked or expired ticket shows what was left when it stopped, except that seconds reserved before it stopped still settle against it (a usage report spends what was used and gives the rest back to seconds; a lapsed reservation gives all back)',
      ),
      z.meta({ id: 'TicketRemaining' }),
    ),
);

export const TicketResponse = /* @__PURE__ */ z.schema(() =>
  z
    .object({
      id: z.string(),
      token: z.string().check(z.describe('compact JWS, ES256, typ kippu-ticket+jwt')),
      providerId: z.string(),
      holderId: z.optional(z.string()).check(z.describe('absent for providers')),
      subject: z.string().check(z.describe('the pseudonymous sub claim')),
      resource: z.string(),
      capabilities: z.array(z.string()),
      issuedAt: Timestamp,
      notBefore: Timestamp,
      expiresAt: Timestamp,
      status: z
        .enum(['active', 'revoked', 'expired'])
        .check(z.describe('revoked; else expired once the window has ended (redeems answer TICKET_EXPIRED); else active')),
      revokedAt: z.optional(Timestamp),
      keyId: z.string(),
      maxUses: z.optional(z.int()),
      maxSeconds: z.optional(z.int()),
      otp: z.optional(z.boolean()).check(z.describe('a one-time password is required per connection (claim otp)')),
      fixedPassword: z
        .optional(z.boolean())
        .check(z.describe('the holder’s fixed password is required on every connection (claim pwd)')),
      remaining: z.optional(TicketRemaining),
      contentId: z.optional(z.string()).check(z.describe('the content this ticket is a usage right for')),
      purpose: z.optional(z.string()),
      deviceId: z.optional(z.string()).check(z.describe('the device the ticket is bound to (cnf.jkt); shown to its holder')),
      grantedFrom: z.optional(z.string()).check(z.describe('the ticket this one was granted from')),
      transferredFrom: z.optional(z.string()).check(z.describe('the ticket this one replaced on another device')),
    })
    .check(z.meta({ id: 'Ticket' })),
);

export const JwksResponse = /* @__PURE__ */ z.schema(() =>
  z.object({ keys: z.array(z.record(z.string(), z.unknown())) }).check(z.meta({ id: 'JsonWebKeySet' })),
);

/** The OpenAPI document itself (validated by OpenAPI tools, not by this schema). */
export const OpenApiDocumentResponse = /* @__PURE__ */ z.schema(() =>
  z
    .looseObject({
      openapi: z.string(),
      info: z.looseObject({ title: z.string(), version: z.string() }),
      paths: z.looseObject({}),
    })
    .check(z.meta({ id: 'OpenApiDocument' })),
);

export const HealthResponse = /* @__PURE__ */ z.schema(() =>
  z.object({ status: z.literal('ok') }).check(z.meta({ id: 'Health' })),
);
