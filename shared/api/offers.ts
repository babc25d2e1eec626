import * as z from 'zod';
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
import { Currency, Identifier, pageQuery, pageOf, ResourceName, searchQuery, Timestamp, VisibleText } from './common';
import { AmountMinor } from './parties';
import { Capability, Purpose } from './tickets';

export const OfferCreateRequest = z
  .strictObject({
    providerId: Identifier,
    title: VisibleText(PARTY_NAME_LENGTH_MAX).optional(),
    resource: ResourceName.optional().describe(
      'server/stream, channel or content id: required unless the offer names a content, whose id it defaults to',
    ),
    priceMinor: AmountMinor,
    currency: Currency,
    validitySeconds: z
      .int()
      .min(TICKET_VALIDITY_SECONDS_MIN)
      .max(TICKET_VALIDITY_SECONDS_MAX)
      .describe("the ticket window, from the moment of purchase: at most 366 days or the deployment's shorter maximum"),
    capabilities: z
      .array(Capability)
      .min(1)
      .max(TICKET_CAPABILITIES_MAX)
      .describe('for a content, among the content’s capabilities (else 422 VALIDATION_FAILED naming capabilities)'),
    maxUses: z.int().positive().optional(),
    maxSeconds: z.int().positive().optional(),
    otp: z.boolean().optional().describe('a one-time password is required per connection'),
    contentId: Identifier.optional().describe('a usage right for this content (one of the provider’s)'),
    purposes: z
      .array(Purpose)
      .min(1)
      .max(CONTENT_PURPOSES_MAX)
      .optional()
      .describe('the purposes a purchase may name, among the content’s (default: all of the content’s)'),
    deviceBound: z.boolean().optional().describe('a purchase names one of the buyer’s devices and the ticket is bound to it'),
  })
  .meta({ id: 'OfferCreateRequest' });

export const OfferListQuery = z.strictObject({
  q: searchQuery(
    `keywords; every one must match a word of the title, resource or capabilities; at most ${OFFER_SEARCH_KEYWORDS_MAX} distinct ones (else 422 VALIDATION_FAILED naming q)`,
  ),
  providerId: Identifier.optional(),
  ...pageQuery(OFFERS_PAGE_LIMIT_MAX, OFFERS_PAGE_LIMIT_DEFAULT, 'Offers per page.'),
});

export const OfferResponse = z
  .object({
    id: z.string(),
    providerId: z.string(),
    title: z.string().optional(),
    resource: z.string(),
    priceMinor: z.int(),
    currency: z.string(),
    validitySeconds: z.int(),
    capabilities: z.array(z.string()),
    maxUses: z.int().optional(),
    maxSeconds: z.int().optional(),
    otp: z.boolean().optional(),
    contentId: z.string().optional(),
    purposes: z.array(z.string()).optional(),
    deviceBound: z.boolean().optional(),
    createdAt: Timestamp,
  })
  .meta({ id: 'Offer' });

export const OfferListResponse = pageOf(OfferResponse, 'OfferList');
