import * as z from '../zod';
import {
  CONTENT_KEYWORD_LENGTH_MAX,
  CONTENT_KEYWORDS_MAX,
  CONTENT_PURPOSES_MAX,
  CONTENT_TITLE_LENGTH_MAX,
  CONTENTS_PAGE_LIMIT_DEFAULT,
  CONTENTS_PAGE_LIMIT_MAX,
  DPOP_PROOF_LENGTH_MAX,
  OFFER_SEARCH_KEYWORDS_MAX,
  OTP_PASSWORD_LENGTH_MAX,
  OTP_VALIDITY_SECONDS,
  REDEEM_NONCE_LENGTH_MAX,
  REDEEM_USES_MAX,
  TICKET_CAPABILITIES_MAX,
  TICKET_VALIDITY_SECONDS_MIN,
  USAGE_PAGE_LIMIT_DEFAULT,
  USAGE_PAGE_LIMIT_MAX,
} from '../limits';
import { Identifier, pageQuery, pageOf, searchQuery, Timestamp, VisibleText } from './common';
import { Capability, Purpose } from './tickets';

/** Usage rights: the content catalogue, redeem and usage reports, one-time passwords, grants, transfers, the usage log, the intake. */
const ContentKey = /* @__PURE__ */ z.schema(() =>
  z
    .string()
    // base64url without padding: 22 characters carry 16 bytes, 43 carry 32 (the pattern states the length in the document).
    .check(
      z.regex(/^(?:[A-Za-z0-9_-]{22}|[A-Za-z0-9_-]{43})$/, 'base64url without padding of 16 or 32 bytes'),
      z.describe('the AES key of the content, base64url of 16 or 32 bytes; kept sealed, never returned'),
    ),
);

export const ContentCreateRequest = /* @__PURE__ */ z.schema(() =>
  z
    .strictObject({
      title: VisibleText(CONTENT_TITLE_LENGTH_MAX),
      keywords: z.array(VisibleText(CONTENT_KEYWORD_LENGTH_MAX)).check(z.maxLength(CONTENT_KEYWORDS_MAX)),
      purposes: z
        .array(Purpose)
        .check(z.maxLength(CONTENT_PURPOSES_MAX), z.describe('the purposes a usage right for it may name')),
      maxPeriodSeconds: z
        .int()
        .check(z.gte(TICKET_VALIDITY_SECONDS_MIN), z.describe('the longest period a usage right for it may have')),
      capabilities: z.array(Capability).check(z.minLength(1), z.maxLength(TICKET_CAPABILITIES_MAX)),
      contentKey: ContentKey,
    })
    .check(z.meta({ id: 'ContentCreateRequest' })),
);

export const ContentResponse = /* @__PURE__ */ z.schema(() =>
  z
    .object({
      id: z.string(),
      providerId: z.string(),
      title: z.string(),
      keywords: z.array(z.string()),
      purposes: z.array(z.string()),
      maxPeriodSeconds: z.int(),
      capabilities: z.array(z.string()),
      createdAt: Timestamp,
    })
    .check(z.meta({ id: 'Content' })),
);

export const ContentListQuery = /* @__PURE__ */ z.schema(() =>
  z.strictObject({
    q: searchQuery(
      `keywords; every one must match a word of the title or the keywords; at most ${OFFER_SEARCH_KEYWORDS_MAX} distinct ones (else 422 VALIDATION_FAILED naming q)`,
    ),
    ...pageQuery(CONTENTS_PAGE_LIMIT_MAX, CONTENTS_PAGE_LIMIT_DEFAULT),
  }),
);

export const ContentListResponse = /* @__PURE__ */ z.schema(() => pageOf(ContentResponse, 'ContentList'));

const Remaining = /* @__PURE__ */ z.schema(() =>
  z
    .object({ uses: z.optional(z.int()), seconds: z.optional(z.int()) })
    .check(z.describe('what the ticket has left: uses (max), seconds not reserved (sec)')),
);

export const RedeemRequest = /* @__PURE__ */ z.schema(() =>
  z
    .strictObject({
      nonce: z
        .string()
        .check(
          z.minLength(1),
          z.maxLength(REDEEM_NONCE_LENGTH_MAX),
          z.describe(
            'the client’s id for this redeem: a retry with it answers the first answer; with other uses, seconds or password it is 422 IDEMPOTENCY_KEY_REUSED naming each field that differs',
          ),
        ),
      uses: z
        .optional(z.int().check(z.gte(1), z.lte(REDEEM_USES_MAX)))
        .check(z.describe('uses to take (default 1 on a ticket with max)')),
      seconds: z
        .optional(z.int().check(z.gte(1)))
        .check(
          z.describe(
            'seconds to reserve (required on a ticket with sec); one redeem reserves at most the deployment’s reservation length, KIPPU_USAGE_RESERVATION_SECONDS (3600 unless configured), else 422 VALIDATION_FAILED naming seconds; and no more than the whole seconds left in the ticket’s window (rounded up): reservation.seconds says what was reserved',
          ),
        ),
      password: z
        .optional(z.string().check(z.minLength(1), z.maxLength(OTP_PASSWORD_LENGTH_MAX)))
        .check(
          z.describe(
            'the one-time password of a ticket with otp, or the current fixed password of a ticket with fixedPassword (else 403 OTP_INVALID); a ticket with neither takes none (else 422 VALIDATION_FAILED naming password); a retried nonce takes the password it was first redeemed with (another one, even one good now, is 422 IDEMPOTENCY_KEY_REUSED naming password)',
          ),
        ),
      proof: z
        .optional(z.string().check(z.minLength(1), z.maxLength(DPOP_PROOF_LENGTH_MAX)))
        .check(
          z.describe(
            'a bound ticket: compact JWS, typ kippu-proof+jwt, ES256 by the bound device, claims nonce, tkt, iat; a ticket bound to no device takes none (else 422 VALIDATION_FAILED naming proof)',
          ),
        ),
    })
    .check(z.meta({ id: 'RedeemRequest' })),
);

export const RedeemResponse = /* @__PURE__ */ z.schema(() =>
  z
    .object({
      redemptionId: z.string(),
      remaining: Remaining.check(
        z.describe(
          'what the redeem read less its debit: exact unless other redeems of the ticket committed in between, then at most this much is left',
        ),
      ),
      contentKey: z
        .optional(z.string())
        .check(z.describe('a bound ticket for a content: its key as a compact JWE (ECDH-ES, A256GCM) to the bound device')),
      reservation: z
        .optional(z.object({ seconds: z.int(), expiresAt: Timestamp }))
        .check(z.describe('seconds reserved; report their use before expiresAt or they go back')),
    })
    .check(z.meta({ id: 'Redemption' })),
);

export const UsageReportRequest = /* @__PURE__ */ z.schema(() =>
  z.strictObject({ redemptionId: Identifier, usedSeconds: z.int().check(z.gte(0)) }).check(z.meta({ id: 'UsageReportRequest' })),
);

export const UsageReportResponse = /* @__PURE__ */ z.schema(() =>
  z
    .object({
      redemptionId: z.string(),
      status: z.enum(['settled']).check(z.describe('a reservation that expired first is 409 USAGE_RESERVATION_EXPIRED')),
      usedSeconds: z.int(),
      releasedSeconds: z.int(),
      remaining: Remaining,
    })
    .check(z.meta({ id: 'UsageReport' })),
);

/**
 * A connection password's answer: shown once, since kippu keeps only its hash (a replay with the
 * same Idempotency-Key leaves `password` out, and a holder who lost it asks again with a new key).
 */
const passwordAnswer = (id: string, password: string, expiresAt: string) =>
  z
    .object({
      password: z
        .optional(z.string())
        .check(
          z.describe(
            `${password}; shown once: kippu keeps only its hash, and a replayed answer (the same Idempotency-Key) leaves it out`,
          ),
        ),
      expiresAt: Timestamp.check(z.describe(expiresAt)),
    })
    .check(z.meta({ id }));

export const OtpResponse = /* @__PURE__ */ z.schema(() =>
  passwordAnswer(
    'OneTimePassword',
    'good for one connection until expiresAt',
    `when the password stops working if unused: ${OTP_VALIDITY_SECONDS} seconds after it was made, never past the ticket’s window`,
  ),
);

export const FixedPasswordResponse = /* @__PURE__ */ z.schema(() =>
  passwordAnswer(
    'FixedPassword',
    'the ticket’s password for every connection until expiresAt or until a new one replaces it',
    'the end of the ticket’s window',
  ),
);

export const GrantRequest = /* @__PURE__ */ z.schema(() =>
  z
    .strictObject({
      granteeId: Identifier.check(z.describe('a registered customer')),
      uses: z.optional(z.int().check(z.gte(1))).check(z.describe('required when the ticket counts uses')),
      seconds: z.optional(z.int().check(z.gte(1))).check(z.describe('required when the ticket counts seconds')),
      granteeDeviceId: z
        .optional(Identifier)
        .check(z.describe('a device of the grantee: required for a device-bound ticket, refused otherwise')),
    })
    .check(z.meta({ id: 'GrantRequest' })),
);

export const TransferRequest = /* @__PURE__ */ z.schema(() =>
  z.strictObject({ toDeviceId: Identifier }).check(z.meta({ id: 'TransferRequest' })),
);

export const IssuedTicketResponse = /* @__PURE__ */ z.schema(() =>
  z
    .object({
      ticket: z.object({ id: z.string(), token: z.string().check(z.describe('compact JWS, ES256, typ kippu-ticket+jwt')) }),
    })
    .check(z.meta({ id: 'HandedOverTicket' })),
);

export const UsageEventResponse = /* @__PURE__ */ z.schema(() =>
  z
    .object({
      id: z.string(),
      kind: z.enum(['redeem', 'usage', 'expiry', 'grant', 'transfer']),
      at: Timestamp,
      ticketId: z.string(),
      providerId: z.string(),
      holderId: z.optional(z.string()).check(z.describe('the customer’s own log only')),
      subject: z.optional(z.string()).check(z.describe('the holder’s pseudonym: a provider’s log only')),
      contentId: z.optional(z.string()),
      redemptionId: z.optional(z.string()),
      uses: z.optional(z.int()),
      seconds: z.optional(z.int()),
      usedSeconds: z.optional(z.int()),
      releasedSeconds: z.optional(z.int()),
      toTicketId: z.optional(z.string()),
      granteeId: z.optional(z.string()),
      toDeviceId: z.optional(z.string()),
    })
    .check(z.meta({ id: 'UsageEvent' })),
);

export const UsageListResponse = /* @__PURE__ */ z.schema(() => pageOf(UsageEventResponse, 'UsageList'));

const UsagePageQuery = /* @__PURE__ */ z.schema(() => pageQuery(USAGE_PAGE_LIMIT_MAX, USAGE_PAGE_LIMIT_DEFAULT));

/** GET /v1/usage: one content's log or one customer's, exactly one of the two (the domain refuses neither or both). */
export const UsageQuery = /* @__PURE__ */ z.schema(() =>
  z.strictObject({
    contentId: z
      .optional(Identifier)
      .check(
        z.describe(
          "The content whose log to read: its provider's or an operator's query (the holders as pseudonyms, `subject`).",
        ),
      ),
    customerId: z
      .optional(Identifier)
      .check(
        z.describe(
          "The customer whose log to read: an operator's query per user (a customer may name itself; anyone else gets 404 CUSTOMER_NOT_FOUND). The events carry holderId, as in the customer's own log.",
        ),
      ),
    ...UsagePageQuery,
  }),
);
export const MyUsageQuery = /* @__PURE__ */ z.schema(() => z.strictObject(UsagePageQuery));

export const IntakeRequest = /* @__PURE__ */ z.schema(() =>
  z
    .strictObject({
      redeem: z
        .enum(['open', 'draining'])
        .check(z.describe('draining: new redeems, grants and device transfers get 503 with Retry-After')),
    })
    .check(z.meta({ id: 'IntakeRequest' })),
);

/** The members of the intake's answers (built when a schema is first used, as every schema here). */
const intakeFields = () => ({
  redeem: z.enum(['open', 'draining']),
  inFlight: z
    .int()
    .check(
      z.describe(
        'admitted redeems, grants, device transfers and usage reports running now (a request refused because the intake drains is never counted)',
      ),
    ),
  changedAt: z.optional(
    Timestamp.check(z.describe('when the mode last changed (setting the mode already in force keeps it); absent: never set')),
  ),
});

export const IntakeResponse = /* @__PURE__ */ z.schema(() => z.object(intakeFields()).check(z.meta({ id: 'Intake' })));

export const IntakeSetResponse = /* @__PURE__ */ z.schema(() =>
  z
    .object({
      ...intakeFields(),
      changed: z
        .boolean()
        .check(z.describe('whether this request changed the mode; false when it was in force already (changedAt then kept)')),
    })
    .check(z.meta({ id: 'IntakeSet' })),
);
