import { DomainError } from '../../errors';
import type { ContentStore } from '../contents/ports';
import type { Principal } from '../principal';
import type { UsageEvent, UsageLog } from './ports';

/**
 * The usage log (SPEC S3): every redeem, usage report, reservation expiry, grant and
 * transfer, written in the same atomic write as the change it records. A content's provider
 * (or an operator) reads the content's log, without the holders' identities (their
 * pseudonyms instead); a customer reads its own. Anyone else is told the content does not
 * exist.
 */
export interface UsageLogDeps {
  readonly usage: UsageLog;
  readonly contents: Pick<ContentStore, 'get'>;
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
    throw new DomainError('CONTENT_NOT_FOUND', `No content ${contentId} is visible to you.`, [
      { field: 'contentId', message: 'is not one of your contents' },
    ]);
  }
  const page = await deps.usage.listByContent(contentId, query.limit, query.cursor);
  return { items: page.items.map(providerView), nextCursor: page.nextCursor };
};

export const customerUsage = async (deps: UsageLogDeps, principal: Principal, query: UsagePageQuery) => {
  const page = await deps.usage.listByHolder(principal.subject, query.limit, query.cursor);
  return { items: page.items.map(holderView), nextCursor: page.nextCursor };
};
