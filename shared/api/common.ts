import * as z from '../zod';
import { ERROR_STATUS, type ErrorCode } from '../errors';
import { CURRENCY_MESSAGE, ISO_4217_CURRENCIES } from '../currencies';
import { INSTANT_YEAR_MAX, INSTANT_YEAR_MIN } from '../limits';
import { ID_PATTERN } from '../domain/ledger/validation';
import {
  NO_CONTROL_CHARACTER,
  NO_CONTROL_CHARACTER_MESSAGE,
  VISIBLE_CHARACTER,
  VISIBLE_CHARACTER_MESSAGE,
} from '../domain/stored-text';
import {
  CURSOR_LENGTH_MAX,
  IDEMPOTENCY_KEY_LENGTH_MAX,
  IDENTIFIER_LENGTH_MAX,
  LEDGER_ID_LENGTH_MAX,
  OWNED_PAGE_LIMIT_DEFAULT,
  OFFER_SEARCH_QUERY_LENGTH_MAX,
  OWNED_PAGE_LIMIT_MAX,
} from '../limits';

/** Schemas shared by several endpoints. Requests are strict: unknown fields are refused. */
export const Identifier = /* @__PURE__ */ z.schema(() =>
  z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(IDENTIFIER_LENGTH_MAX),
      z.regex(/^[A-Za-z0-9][A-Za-z0-9_.:@-]*$/, 'letters, digits and _ . : @ - only'),
    ),
);

/** A resource path such as `server-1/stream-7`: identifier segments separated by slashes. */
export const ResourceName = /* @__PURE__ */ z.schema(() =>
  z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(IDENTIFIER_LENGTH_MAX),
      z.regex(/^[A-Za-z0-9][A-Za-z0-9_.:@-]*(\/[A-Za-z0-9][A-Za-z0-9_.:@-]*)*$/, 'identifier segments separated by /'),
    ),
);

export const Timestamp = /* @__PURE__ */ z.schema(() => z.iso.datetime({ offset: true }));

/**
 * An instant a request names: a Timestamp written in the years INSTANT_YEAR_MIN to
 * INSTANT_YEAR_MAX (the pattern states it, so the document does), so that every instant kippu
 * answers from it is a valid date-time too (an availability range at the end of 9999 would
 * end its last slot in year 10000). Answers keep the plain Timestamp.
 */
export const Instant = /* @__PURE__ */ z.schema(() =>
  Timestamp.check(
    z.regex(
      /^(?:19[7-9]\d|[2-8]\d{3}|9[0-8]\d{2}|99[0-8]\d)-/,
      `must be an instant written in the years ${INSTANT_YEAR_MIN} to ${INSTANT_YEAR_MAX}`,
    ),
    // Two patterns become an allOf in the document, which leaves the format out: say it again.
    z.meta({ format: 'date-time' }),
  ),
);

/** An amount of money in minor units: a whole number from 1 to 2^53 - 1 (never a float); one schema, so one message for each refusal. */
export const AmountMinor = /* @__PURE__ */ z.schema(() => z.int().check(z.gte(1), z.lte(Number.MAX_SAFE_INTEGER)));

/** A currency kippu keeps money in (shared/currencies.ts); anything else is a 422 naming the field. */
export const Currency = /* @__PURE__ */ z.schema(() => z.enum(ISO_4217_CURRENCIES, { error: CURRENCY_MESSAGE }));

/**
 * Stored free text (shared/domain/stored-text.ts states the rule): 1 to `lengthMax` characters
 * (code points), at least one visible one (whitespace and zero-width characters are not), no
 * control character but tab, line feed and carriage return (C0, DEL and C1), stored trimmed.
 * The patterns say so in the document (the trim itself cannot be said there). A lone UTF-16
 * surrogate is refused for every string of a body (shared/http/request.ts).
 */
export const VisibleText = (lengthMax: number) =>
  z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(lengthMax),
      z.regex(VISIBLE_CHARACTER, VISIBLE_CHARACTER_MESSAGE),
      z.regex(NO_CONTROL_CHARACTER, NO_CONTROL_CHARACTER_MESSAGE),
      z.trim(),
    );

/**
 * The id in a path such as `/v1/purchases/{id}`: every id kippu hands out fits, and so does
 * every ledger id an operator chooses (the ledger's alphabet and length).
 */
export const PathId = /* @__PURE__ */ z.schema(() =>
  z.string().check(
    z.minLength(1),
    z.maxLength(LEDGER_ID_LENGTH_MAX),
    z.regex(ID_PATTERN, 'letters, digits and _ . : - only'),
    z.meta({
      id: 'PathId',
      description: `An id that kippu handed out (or a ledger id): 1 to ${LEDGER_ID_LENGTH_MAX} letters, digits and _ . : -.`,
    }),
  ),
);

/** The opaque page cursor of every list: pass the `nextCursor` of one page to get the next. */
export const Cursor = /* @__PURE__ */ z.schema(() =>
  z.string().check(
    z.minLength(1),
    z.maxLength(CURSOR_LENGTH_MAX),
    z.meta({
      id: 'Cursor',
      description:
        'The nextCursor of the previous page, unchanged, with the same query (every parameter but cursor, limit and since); a cursor kippu did not hand out to this caller for this query is 400 INVALID_CURSOR.',
    }),
  ),
);

/**
 * The body of an operation that takes none: nothing, or `{}` (README "API conventions";
 * refuseUndeclaredInputs in shared/http/request.ts refuses anything else as this strict empty
 * object would). The document declares it, optional, on every such operation but a GET
 * (shared/http/openapi.ts), so that validating proxies and generated clients accept what kippu
 * accepts.
 */
export const NoBody = /* @__PURE__ */ z.schema(() =>
  z.strictObject({}).check(
    z.meta({
      id: 'NoBody',
      description:
        'This operation takes no body: send none, or an empty JSON object. A member is 422 VALIDATION_FAILED naming it.',
      override: { maxProperties: 0 },
    }),
  ),
);

/** The Idempotency-Key header: the same schema documents it and validates it. */
export const IdempotencyKeyHeader = /* @__PURE__ */ z.schema(() =>
  z.string().check(
    z.minLength(1),
    z.maxLength(IDEMPOTENCY_KEY_LENGTH_MAX),
    z.regex(/^[\x21-\x7e]+$/, 'visible ASCII characters only'),
    z.meta({
      id: 'IdempotencyKey',
      description:
        "A repeat with the same key replays the first answer (Idempotent-Replayed: true); the same key with a different request, on this route or any other of the caller's, is 422 IDEMPOTENCY_KEY_REUSED.",
    }),
  ),
);

/**
 * A whole number in a query string, checked as `integer` (the schema the document declares):
 * its digits only. z.coerce.number() would take "", " " and a tab as 0, and "1e3", "0x10" or
 * " 7 " as numbers; here anything but digits is refused as not a whole number.
 */
export const queryInteger = <Integer extends z.core.$ZodType<number | undefined>>(integer: Integer) =>
  z.pipe(
    z.transform((value: unknown, context) => {
      if (typeof value !== 'string') return value;
      if (/^\d{1,16}$/.test(value)) return Number(value);
      const message = /^\d+$/.test(value) ? 'is too large (at most 16 digits)' : 'must be a whole number written in digits';
      context.issues.push({ code: 'custom', message, input: value });
      return z.NEVER;
    }),
    integer,
  );

/**
 * A list query's paging: `limit`, a whole number from 1 to `max` (`fallback` when the query
 * has none), described as `limitDescription` says, and the `cursor` a page before handed out.
 */
export const pageQuery = (max: number, fallback: number, limitDescription?: string) => {
  const limit = queryInteger(z._default(z.int().check(z.gte(1), z.lte(max)), fallback));
  return {
    limit: limitDescription === undefined ? limit : limit.check(z.describe(limitDescription)),
    cursor: z.optional(Cursor),
  };
};

/** A keyword search (`q`) of a catalogue: every keyword must match, as `description` says. */
export const searchQuery = (description: string) =>
  z.optional(z.string().check(z.maxLength(OFFER_SEARCH_QUERY_LENGTH_MAX))).check(z.describe(description));

/**
 * Every list answers one shape: a page of `items` and, when there may be more, the
 * `nextCursor` to pass as `cursor` for the next page.
 */
export const pageOf = <Item extends z.core.$ZodType>(item: Item, id: string) =>
  z
    .object({
      items: z.array(item),
      nextCursor: z.optional(Cursor).check(z.describe('Absent on the last page.')),
    })
    .check(z.meta({ id }));

/**
 * The query of a customer's own list (purchases, reservations): newest first, optionally in
 * one status; a customer reads its own, an operator names the customer.
 */
export const ownedListQuery = <const Statuses extends readonly [string, ...string[]]>(statuses: Statuses, what: string) =>
  z.strictObject({
    status: z.optional(z.enum(statuses)).check(z.describe(`Only the ${what} in this status.`)),
    customerId: z
      .optional(Identifier)
      .check(
        z.describe(
          `Whose ${what}: a customer reads its own (another customer's id is 404 CUSTOMER_NOT_FOUND); an operator must name the customer (else 422 VALIDATION_FAILED naming customerId).`,
        ),
      ),
    ...pageQuery(
      OWNED_PAGE_LIMIT_MAX,
      OWNED_PAGE_LIMIT_DEFAULT,
      `At most this many ${what} per page (a filtered page may hold fewer and still have a nextCursor).`,
    ),
  });

const ERROR_CODES = /* @__PURE__ */ Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

/** Uses and seconds of a ticket's allowance (either may be absent: the ticket does not count it). */
const AllowanceAmounts = /* @__PURE__ */ z.schema(() => z.object({ uses: z.optional(z.int()), seconds: z.optional(z.int()) }));

/** RFC 9457 problem details with kippu's stable code and the extension members kippu sends. */
export const ProblemSchema = /* @__PURE__ */ z.schema(() =>
  z
    .object({
      type: z.string(),
      title: z.string(),
      status: z.int(),
      code: z.enum(ERROR_CODES),
      detail: z.string().check(z.describe('A sentence for people.')),
      errors: z.optional(z.array(z.object({ field: z.string(), message: z.string() }))),
      instance: z.optional(z.string()),
      requestId: z.optional(z.string()).check(z.describe('On a 500: quote it when reporting the error.')),
      index: z.optional(z.int()).check(z.describe('The failing leg of a linked batch.')),
      reconfirmBy: z.optional(Timestamp).check(z.describe('On RESERVATION_EXPIRED: the deadline that passed.')),
      month: z.optional(z.string()).check(z.describe('On QUOTA_EXCEEDED: the UTC month (YYYY-MM) over its quota.')),
      quota: z.optional(z.int()).check(z.describe('On QUOTA_EXCEEDED: the slots a customer may book in a month.')),
      attemptsLeft: z.optional(z.int()).check(z.describe('On REGISTRATION_CODE_INVALID: the attempts left.')),
      slots: z.optional(z.array(Timestamp)).check(z.describe('On SLOT_TAKEN: the slots that are booked already.')),
      capacity: z.optional(z.int()).check(z.describe('On RESERVATION_FULL: the seats of the show.')),
      priceMinor: z.optional(z.int()).check(z.describe('On INSUFFICIENT_FUNDS at reconfirmation: the price to hold.')),
      currency: z.optional(z.string()).check(z.describe('With priceMinor.')),
      routes: z
        .optional(z.object({ carrier: z.string(), wallet: z.string() }))
        .check(z.describe('On a refused purchase: why each payment route could not pay (a problem code each).')),
      allowedPurposes: z
        .optional(z.array(z.string()))
        .check(z.describe('On PURPOSE_NOT_ALLOWED: the purposes the offer allows.')),
      maxPeriodSeconds: z.optional(z.int()).check(z.describe("On PERIOD_TOO_LONG: the content's longest period.")),
      validitySeconds: z.optional(z.int()).check(z.describe("On PERIOD_TOO_LONG: the offer's ticket window.")),
      remaining: z
        .optional(AllowanceAmounts)
        .check(z.describe('On TICKET_EXHAUSTED and GRANT_EXCEEDS_ALLOWANCE: what the ticket has left.')),
      requested: z.optional(AllowanceAmounts).check(z.describe('With remaining: what was asked for.')),
      retryAfterSeconds: z
        .optional(z.int())
        .check(z.describe('On INTAKE_DRAINING and REQUEST_TIMED_OUT: when to try again, in seconds (also in Retry-After).')),
      flow: z
        .optional(z.enum(['purchase', 'reservation', 'billing', 'topup']))
        .check(
          z.describe(
            'On PENDING_TRANSFER_OWNED_BY_FLOW and TRANSFER_OWNED_BY_FLOW: the kippu flow that resolves the hold or corrects the transfer (a hold: purchase or reservation).',
          ),
        ),
      ownerId: z
        .optional(z.string())
        .check(
          z.describe(
            "With flow: the transfer's reference, the purchase, reservation, statement or remittance it belongs to (a top-up: the agent's reference).",
          ),
        ),
    })
    // Its example is what kippu answers to a real refusal (shared/http/openapi.ts), made when the document is built.
    .check(z.meta({ id: 'Problem' })),
);

/** How a customer pays: the carrier account (postpaid) or the prepaid wallet. */
export const PaymentRouteSchema = /* @__PURE__ */ z.schema(() => z.enum(['carrier', 'wallet']));

/** A price split at posting: each fee rounded down, the provider keeps the rest; the parts sum to the gross. */
export const FeeSplitSchema = /* @__PURE__ */ z.schema(() =>
  z
    .object({ grossMinor: z.int(), providerNetMinor: z.int(), platformFeeMinor: z.int(), carrierFeeMinor: z.int() })
    .check(z.meta({ id: 'FeeSplit' })),
);
