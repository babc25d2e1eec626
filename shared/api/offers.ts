import * as z from '../zod';
import {
  OFFER_SEARCH_KEYWORDS_MAX,
  CONTENT_PURPOSES_MAX,
  OFFERS_PAGE_LIMIT_DEFAULT,
  OFFERS_PAGE_LIMIT_MAX,
  PARTY_NAME_LENGTH_MAX,
  TICKET_CAPABILITIES_MAX,
  TICKET_VALIDITY_SECONDS_MAX,
  TICKET_VALIDITY_SECONDS_MIN,
} from '../limits';
import {
  AmountMinor,
  Currency,
  Identifier,
  pageQuery,
  pageOf,
  ResourceName,
  searchQuery,
  Timestamp,
  VisibleText,
} from './common';
import { Capability, Purpose } from './tickets';

export const OfferCreateRequest = /* @__PURE__ */ z.schema(() =>
  z
    .strictObject({
      providerId: Identifier,
      title: z.optional(VisibleText(PARTY_NAME_LENGTH_MAX)),
      resource: z
        .optional(ResourceName)
        .check(
          z.describe('server/stream, channel or content id: required unless the offer names a content, whose id it defaults to'),
        ),
      priceMinor: AmountMinor,
      currency: Currency,
      validitySeconds: z
        .int()
        .check(
          z.gte(TICKET_VALIDITY_SECONDS_MIN),
          z.lte(TICKET_VALIDITY_SECONDS_MAX),
          z.describe("the ticket window, from the moment of purchase: at most 366 days or the deployment's shorter maximum"),
        ),
      capabilities: z
        .array(Capability)
        .check(
          z.minLength(1),
          z.maxLength(TICKET_CAPABILITIES_MAX),
          z.describe('for a content, among the content’s capabilities (else 422 VALIDATION_FAILED naming capabilities)'),
        ),
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
      contentId: z.optional(Identifier).check(z.describe('a usage right for this content (one of the provider’s)')),
      purposes: z
        .optional(z.array(Purpose).check(z.minLength(1), z.maxLength(CONTENT_PURPOSES_MAX)))
        .check(z.describe('the purposes a purchase may name, among the content’s (default: all of the content’s)')),
      deviceBound: z
        .optional(z.boolean())
        .check(z.describe('a purchase names one of the buyer’s devices and the ticket is bound to it')),
    })
    .check(z.meta({ id: 'OfferCreateRequest' })),
);

export const OfferListQuery = /* @__PURE__ */ z.schema(() =>
  z.strictObject({
    q: searchQuery(
      `keywords; every one must match a word of the title, resource or capabilities; at most ${OFFER_SEARCH_KEYWORDS_MAX} distinct ones (else 422 VALIDATION_FAILED naming q)`,
    ),
    providerId: z.optional(Identifier),
    include: z
      .optional(z.enum(['withdrawn']))
      .check(
        z.describe(
          'withdrawn: list withdrawn offers too (they are left out by default); for the provider with providerId its own, and operators (anyone else: 403 FORBIDDEN naming include)',
        ),
      ),
    ...pageQuery(OFFERS_PAGE_LIMIT_MAX, OFFERS_PAGE_LIMIT_DEFAULT, 'Offers per page.'),
  }),
);

export const OfferResponse = /* @__PURE__ */ z.schema(() =>
  z
    .object({
      id: z.string(),
      providerId: z.string(),
      title: z.optional(z.string()),
      resource: z.string(),
      priceMinor: z.int(),
      currency: z.string(),
      validitySeconds: z.int(),
      capabilities: z.array(z.string()),
      maxUses: z.optional(z.int()),
      maxSeconds: z.optional(z.int()),
      otp: z.optional(z.boolean()),
      fixedPassword: z.optional(z.boolean()),
      contentId: z.optional(z.string()),
      purposes: z.optional(z.array(z.string())),
      deviceBound: z.optional(z.boolean()),
      createdAt: Timestamp,
      withdrawnAt: z
        .optional(Timestamp)
        .check(z.describe('when the offer was withdrawn: it is not sold from then on (absent: on sale)')),
    })
    .check(z.meta({ id: 'Offer' })),
);

export const OfferListResponse = /* @__PURE__ */ z.schema(() => pageOf(OfferResponse, 'OfferList'));
