import { DomainError, quotedList, notVisible } from '../../errors';
import type { ContentStore } from '../contents/ports';
import { ownerOfList } from '../owned';
import type { PartyStore } from '../parties/ports';
import type { Principal } from '../principal';
import type { UsageEvent, UsageLog } from './ports';

/**
 * The usage log (SPEC S3: "queryable per content and per user"): every redeem, usage report,
 * reservation expiry, grant and transfer, written in the same atomic write as the change it
 * records. Per content: a content's provider (or an operator) reads the content's log, without
 * the holders' identities (their pseudonyms instead); anyone else is told the content does not
 * exist. Per user: a customer reads its own, and an operator names any registered customer and
 * reads that customer's log as the customer does; a provider or an agent never reads a
 * customer's log (the 404 of a customer it cannot see, whatever the id), so a provider never
 * learns which customer a pseudonym is.
 */
export interface UsageLogDeps {
  readonly usage: UsageLog;
  readonly contents: Pick<ContentStore, 'get'>;
  /** The registered customers, to tell an operator's unknown customerId from a customer with no events. */
  readonly parties: Pick<PartyStore, 'getCustomer'>;
}

export interface UsagePageQuery {
  readonly limit: number;
  readonly cursor?: string;
}

/** What a provider sees of an event: the holder's pseudonym, never the holder or the grantee. */
const providerView = (event: UsageEvent) => {
  const { holderId: _holderId, granteeId: _granteeId, ...rest } = event;
  return rest;
};

const holderView = (event: UsageEvent) => {
  const { subject: _subject, ...rest } = event;
  return rest;
};

export const contentUsage = async (deps: UsageLogDeps, principal: Principal, contentId: string, query: UsagePageQuery) => {
  const content = await deps.contents.get(contentId);
  const allowed =
    content !== undefined &&
    (principal.role === 'operator' || (principal.role === 'provider' && principal.subject === content.providerId));
  if (!allowed) {
    throw notVisible('CONTENT_NOT_FOUND', 'content', contentId, [{ field: 'contentId', message: 'is not one of your contents' }]);
  }
  const page = await deps.usage.listByContent(contentId, query.limit, query.cursor);
  return { items: page.items.map(providerView), nextCursor: page.nextCursor };
};

/** The calling customer's own log (GET /v1/me/usage); a customer token of no registered customer is 404 CUSTOMER_NOT_FOUND. */
export const customerUsage = async (deps: UsageLogDeps, principal: Principal, query: UsagePageQuery) => {
  const holderId = await ownerOfList(deps, principal, undefined, 'usage log');
  const page = await deps.usage.listByHolder(holderId, query.limit, query.cursor);
  return { items: page.items.map(holderView), nextCursor: page.nextCursor };
};

/**
 * A customer's log by its id: an operator's query per user (404 CUSTOMER_NOT_FOUND naming
 * customerId for an id that is not a registered customer), or a customer naming itself (another
 * customer is that customer's 404). A provider or an agent gets the same 404 for every id.
 */
export const namedCustomerUsage = async (deps: UsageLogDeps, principal: Principal, customerId: string, query: UsagePageQuery) => {
  if (principal.role === 'provider' || principal.role === 'agent') {
    throw notVisible('CUSTOMER_NOT_FOUND', 'customer', customerId, [
      { field: 'customerId', message: 'is not a customer whose usage log you may read' },
    ]);
  }
  const holderId = await ownerOfList(deps, principal, customerId, 'usage log');
  const page = await deps.usage.listByHolder(holderId, query.limit, query.cursor);
  return { items: page.items.map(holderView), nextCursor: page.nextCursor };
};

/** What GET /v1/usage filters on: exactly one of a content and a customer. */
export interface UsageFilter {
  readonly contentId?: string | undefined;
  readonly customerId?: string | undefined;
}

/** A page of the log in the caller's view: a provider's (pseudonyms) or a holder's (customer ids). */
export interface UsagePage {
  readonly items: readonly (ReturnType<typeof providerView> | ReturnType<typeof holderView>)[];
  readonly nextCursor?: string | undefined;
}

/** The log GET /v1/usage asks for: per content or per user, one of the two (else 422 naming both). */
export const usageLog = async (
  deps: UsageLogDeps,
  principal: Principal,
  filter: UsageFilter,
  query: UsagePageQuery,
): Promise<UsagePage> => {
  const { contentId, customerId } = filter;
  if (contentId !== undefined && customerId === undefined) return contentUsage(deps, principal, contentId, query);
  if (customerId !== undefined && contentId === undefined) return namedCustomerUsage(deps, principal, customerId, query);
  const message =
    contentId === undefined ? 'give contentId (a content’s log) or customerId (a customer’s log)' : 'give only one of the two';
  throw new DomainError('VALIDATION_FAILED', `The query string is invalid: ${quotedList(['contentId', 'customerId'])}.`, [
    { field: 'contentId', message },
    { field: 'customerId', message },
  ]);
};
