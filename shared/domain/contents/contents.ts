import { timingSafeEqual } from 'node:crypto';
import { assert, DomainError, quoted } from '../../errors';
import { CONTENT_KEY_BYTES_ALLOWED } from '../../limits';
import type { Clock } from '../../ports';
import { requestedFields, requireSameRequest, sameNamed } from '../key-reuse';
import { searchWords } from '../offers/offers';
import type { Page } from '../page';
import { requireCallerProvider } from '../parties/parties';
import type { PartyStore } from '../parties/ports';
import { describePrincipal, type Principal } from '../principal';
import type { ContentKeyVault, ContentQuery, ContentRecord, ContentStore } from './ports';

/**
 * The content catalogue (SPEC S3, S5): what a provider offers usage rights for, with the
 * purposes and the longest period a right may have, and the content key that a permitted
 * redeem hands to the bound device. The key is sealed by envelope encryption (ports.ts) the
 * moment it arrives; no answer, log line or record holds it in plain. Contents are immutable.
 */
export interface ContentDeps {
  readonly contents: ContentStore;
  readonly vault: ContentKeyVault;
  readonly parties: PartyStore;
  readonly clock: Clock;
}

export interface CreateContentInput extends Pick<
  ContentRecord,
  'title' | 'keywords' | 'purposes' | 'maxPeriodSeconds' | 'capabilities'
> {
  readonly contentKey: Uint8Array;
}

export const contentSearchText = (input: Pick<CreateContentInput, 'title' | 'keywords'>): string =>
  ` ${[...new Set(searchWords([input.title, ...input.keywords].join(' ')))].join(' ')} `;

/** What a content stores as its create request named it (the key aside, sealed), and a repeat must name alike. */
const CONTENT_REQUEST_FIELDS = ['title', 'keywords', 'purposes', 'maxPeriodSeconds', 'capabilities'] as const;

const sameKey = (left: Uint8Array, right: Uint8Array): boolean => left.length === right.length && timingSafeEqual(left, right);

/** A stored content answers a repeated key only for the request that made it (key-reuse.ts), its key included. */
const requireSameContent = async (deps: ContentDeps, stored: ContentRecord, input: CreateContentInput, providerId: string) => {
  requireSameRequest(
    `content ${quoted(stored.id)}`,
    sameNamed(stored, { ...input, providerId }, ['providerId', ...CONTENT_REQUEST_FIELDS]),
  );
  const storedKey = await deps.vault.open(stored.id, stored.sealedKey);
  const same = sameKey(storedKey, input.contentKey);
  storedKey.fill(0);
  if (!same) {
    throw new DomainError(
      'IDEMPOTENCY_KEY_REUSED',
      `This Idempotency-Key already created content ${quoted(stored.id)} with another contentKey; use a new key for a different request.`,
      [{ field: 'contentKey', message: 'differs from the request first made with this Idempotency-Key' }],
    );
  }
};

/**
 * Flow: the caller is a registered provider → a content with this id exists (a retry): it
 * must be this request, key included, and is answered → seal the key (KMS data key, AES-GCM)
 * → store (conditional; a concurrent retry's record wins and is checked the same way).
 */
export const createContent = async (
  deps: ContentDeps,
  contentId: string,
  input: CreateContentInput,
  principal: Principal,
): Promise<ContentRecord> => {
  assert(principal.role === 'provider', 'contents are created by their provider');
  assert(CONTENT_KEY_BYTES_ALLOWED.includes(input.contentKey.length), 'the request schema checked the key length');
  await requireCallerProvider(deps.parties, principal.subject);
  const existing = await deps.contents.get(contentId);
  if (existing !== undefined) {
    await requireSameContent(deps, existing, input, principal.subject);
    return existing;
  }
  const sealedKey = await deps.vault.seal(contentId, input.contentKey);
  const stored = await deps.contents.create({
    id: contentId,
    providerId: principal.subject,
    ...requestedFields(input, CONTENT_REQUEST_FIELDS),
    sealedKey,
    searchText: contentSearchText(input),
    createdAt: new Date(deps.clock.now()).toISOString(),
    createdBy: describePrincipal(principal),
  });
  if (stored.sealedKey !== sealedKey) await requireSameContent(deps, stored, input, principal.subject);
  return stored;
};

/** What anyone sees of a content: never its key, sealed or not. */
export const contentView = (content: ContentRecord) => {
  const { sealedKey: _sealedKey, searchText: _searchText, createdBy: _createdBy, ...rest } = content;
  return rest;
};

export const requireContent = async (contents: ContentStore, contentId: string, field = 'contentId'): Promise<ContentRecord> => {
  const content = await contents.get(contentId);
  if (content === undefined) {
    throw new DomainError('CONTENT_NOT_FOUND', `No content ${quoted(contentId)}.`, [{ field, message: 'is not a content' }]);
  }
  return content;
};

export const listContents = async (contents: ContentStore, query: ContentQuery) => {
  const page: Page<ContentRecord> = await contents.list(query);
  return { items: page.items.map(contentView), nextCursor: page.nextCursor };
};
