import { REVOCATIONS_TYPE } from '@kippu/verify/documents';
import { assert, DomainError, quoted, notVisible } from '../../errors';
import { KMS_SIGN_MESSAGE_BYTES_MAX, REVOCATION_VERSION_MAX, REVOCATIONS_PAGE_ENTRIES_MAX } from '../../limits';
import { decodeJsonCursor, encodeJsonCursor } from '../cursor';
import type { Clock } from '../../ports';
import { actsFor, type Principal } from '../principal';
import { signCompactJws } from '../tickets/jws';
import type { JwsSigner, TicketStore } from '../tickets/ports';
import type { RevocationStore } from './ports';

/**
 * Per-provider revocation lists. Every revoked ticket gets the next version of its
 * provider's list (1, 2, 3 … gap-free, assigned once per ticket), so a verifier that holds
 * version N asks for `since=N` and receives exactly what changed, as a KMS-signed JWS
 * (typ kippu-revocations+jwt, aud = the provider). A page stops before its signing input
 * would exceed KMS's RAW message limit; `more: true` tells the verifier to ask again from
 * the page's `ver`.
 */
export { REVOCATIONS_TYPE };

/**
 * Why a ticket ended: its purchase was refunded or its settlement rejected; its show was
 * cancelled or failed; its viewer left; it moved to another device.
 */
export type RevocationReason = 'refunded' | 'settlement_rejected' | 'cancelled' | 'show_failed' | 'viewer_left' | 'transferred';

export interface RevocationEntry {
  readonly version: number;
  readonly providerId: string;
  readonly ticketId: string;
  readonly revokedAt: string;
  readonly reason: RevocationReason;
}

export interface RevocationDeps {
  readonly ticketStore: TicketStore;
  readonly revocations: RevocationStore;
  readonly clock: Clock;
}

/** Ticket records one revocation reads or marks at a time (they are distinct items: no contention). */
const TICKET_RECORDS_CONCURRENCY = 8;

/** `step` over `items`, at most `concurrency` at a time; results in input order. */
const mapBounded = async <Item, Result>(
  items: readonly Item[],
  concurrency: number,
  step: (item: Item, index: number) => Promise<Result>,
): Promise<Result[]> => {
  const results: Result[] = [];
  let next = 0;
  const worker = async () => {
    for (let index = next; index < items.length; index = next) {
      next += 1;
      results[index] = await step(items[index] as Item, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
};

/**
 * THE way tickets are revoked: every path that ends a ticket (refund, settlement rejection,
 * a ticket issued after its purchase or show ended, cancel, failure outcome, the completion
 * job, a viewer leaving, a transfer) calls this (or revokeTicket, one ticket), and nothing
 * else calls `TicketStore.revoke`, so a revoked ticket is always on its provider's signed
 * list too (a test holds this).
 *
 * Flow: read the ticket records (a revoked one keeps the time it was revoked at) → append
 * them all to the provider's list in one call (idempotent per ticket; the store moves the
 * list's head once per batch of tickets, not once per ticket; appended even when a record
 * does not exist yet, so a ticket issued a moment later is listed already) → only then mark
 * each record revoked, at the time its entry says (conditional; a repeat changes nothing).
 * So a ticket never reads `revoked` while the signed list lacks it: a crash (or a list that
 * stayed contended, 409 TRANSACTION_CONFLICT) before the records are marked leaves them
 * active, listed or not, and the retry of whatever revoked them (each of those paths is
 * retried until it finishes) lists the rest and marks them all.
 */
export const revokeTickets = async (
  deps: RevocationDeps,
  ticketIds: readonly string[],
  providerId: string,
  reason: RevocationReason,
): Promise<RevocationEntry[]> => {
  const ids = [...new Set(ticketIds)];
  const revokedAt = new Date(deps.clock.now()).toISOString();
  const tickets = await mapBounded(ids, TICKET_RECORDS_CONCURRENCY, (id) => deps.ticketStore.get(id));
  for (const [index, ticket] of tickets.entries()) {
    assert(ticket === undefined || ticket.providerId === providerId, `ticket ${ids[index]} belongs to provider ${providerId}`);
  }
  const entries = await deps.revocations.append(
    ids.map((ticketId, index) => ({ providerId, ticketId, revokedAt: tickets[index]?.revokedAt ?? revokedAt, reason })),
  );
  await mapBounded(entries, TICKET_RECORDS_CONCURRENCY, async (entry, index) => {
    // A record read revoked stays so; one that did not exist may have been issued since.
    if (tickets[index]?.status !== 'revoked') await deps.ticketStore.revoke(entry.ticketId, entry.revokedAt);
  });
  return entries;
};

/** One ticket through revokeTickets. */
export const revokeTicket = async (
  deps: RevocationDeps,
  ticketId: string,
  providerId: string,
  reason: RevocationReason,
): Promise<RevocationEntry> => {
  const [entry] = await revokeTickets(deps, [ticketId], providerId, reason);
  assert(entry !== undefined, `ticket ${ticketId} is listed`);
  return entry;
};

/**
 * Revoke a ticket and every ticket made from it, at any depth (its grants, the ticket it moved
 * to, their grants and moves …): the rights bought with one purchase end together. Each is
 * revoked and listed through revokeTickets, so each is on the list once, however often this
 * runs; the tickets of one depth are listed together (a purchase with many grants moves the
 * list's head once per batch, not once per grant).
 *
 * Order: a ticket is revoked BEFORE the tickets made from it are read. A grant or transfer
 * stores its new ticket in a write that holds only while its source is active, so once the
 * source is revoked no new ticket can come from it, and the read that follows sees them all
 * (one Query of the source's links per ticket, no scan). A grant racing this walk either
 * committed before the revoke (then it is read and revoked) or is refused. A crash part-way
 * leaves a revoked top of the tree; the caller's retry walks it again (each step changes
 * nothing the second time) and its callers mark their purchase done only after the walk.
 */
export const revokeTicketAndDerived = async (
  deps: RevocationDeps,
  ticketId: string,
  providerId: string,
  reason: RevocationReason,
): Promise<void> => {
  const seen = new Set<string>([ticketId]);
  for (let depth = [ticketId]; depth.length > 0;) {
    await revokeTickets(deps, depth, providerId, reason);
    const next: string[] = [];
    for (const derived of await mapBounded(depth, TICKET_RECORDS_CONCURRENCY, (id) => deps.ticketStore.derivedFrom(id))) {
      for (const id of derived) {
        if (seen.has(id)) continue;
        seen.add(id);
        next.push(id);
      }
    }
    depth = next;
  }
};

/** Only the provider itself and operators read its list; anyone else is told it does not exist. */
export const authorizeRevocationsRead = (principal: Principal, providerId: string): void => {
  if (actsFor(principal, 'provider', providerId)) return;
  throw notVisible('PROVIDER_NOT_FOUND', 'revocation list for provider', providerId);
};

export interface SignedRevocationList {
  readonly providerId: string;
  readonly since: number;
  /** The version of the last entry in this page (= since when it is empty). */
  readonly version: number;
  readonly latestVersion: number;
  readonly more: boolean;
  readonly count: number;
  /** Compact JWS, typ kippu-revocations+jwt. */
  readonly token: string;
  /** The page's entries as signed in the token, and where the next page starts (when `more`). */
  readonly items: readonly { readonly ticketId: string; readonly version: number; readonly revokedAt: string }[];
  readonly nextCursor?: string;
}

/**
 * The list pages like every other list: `nextCursor` is the page's version wrapped for one
 * provider, so a cursor from another provider's list, or one kippu did not hand out, is 400
 * INVALID_CURSOR. `since` (the verifier's version) and `cursor` are two ways to say where to start; a cursor wins.
 */
const revocationsCursor = (providerId: string, version: number): string => encodeJsonCursor({ providerId, since: version });

export const revocationsStart = (providerId: string, query: { readonly since?: number; readonly cursor?: string }): number => {
  if (query.cursor === undefined) return query.since ?? 0;
  const invalid = () =>
    new DomainError('INVALID_CURSOR', 'The cursor is not one this revocation list handed out.', [
      { field: 'cursor', message: 'pass nextCursor from the previous page unchanged' },
    ]);
  const value = decodeJsonCursor(query.cursor, invalid) as { providerId?: unknown; since?: unknown } | null;
  const since = value?.since;
  if (value?.providerId !== providerId || !Number.isSafeInteger(since) || (since as number) < 0) throw invalid();
  if ((since as number) > REVOCATION_VERSION_MAX) throw invalid();
  return since as number;
};

export interface SignedListDeps {
  readonly revocations: RevocationStore;
  readonly signer: JwsSigner;
  readonly issuer: string;
  readonly clock: Clock;
}

const base64urlLength = (bytes: number): number => Math.ceil((bytes * 4) / 3);

const signingInputBytes = (header: object, payload: object): number =>
  base64urlLength(Buffer.byteLength(JSON.stringify(header))) + 1 + base64urlLength(Buffer.byteLength(JSON.stringify(payload)));

/**
 * Flow: read up to a page of entries after `since` (a `since` beyond the latest version is
 * refused: 422 naming `since`) → build the claims, dropping entries from
 * the end until the signing input fits KMS's limit → sign.
 */
export const signedRevocationList = async (
  deps: SignedListDeps,
  providerId: string,
  since: number,
): Promise<SignedRevocationList> => {
  const { entries, latestVersion } = await deps.revocations.list(providerId, since, REVOCATIONS_PAGE_ENTRIES_MAX);
  // A page brings the verifier to a version of the list: never one the list has not reached.
  if (since > latestVersion) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `The list of provider ${quoted(providerId)} is at version ${latestVersion}; since is beyond it.`,
      [{ field: 'since', message: `must be at most the latest version, ${latestVersion}` }],
    );
  }
  const keyId = await deps.signer.keyId();
  const iat = Math.floor(deps.clock.now() / 1000);
  const claimsFor = (page: readonly RevocationEntry[]) => {
    const version = page.at(-1)?.version ?? since;
    return {
      iss: deps.issuer,
      sub: providerId,
      aud: providerId,
      jti: `rvl:${providerId}:${since}:${version}`,
      iat,
      since,
      ver: version,
      latest: latestVersion,
      more: version < latestVersion,
      revoked: page.map((entry) => ({
        jti: entry.ticketId,
        ver: entry.version,
        at: Math.floor(Date.parse(entry.revokedAt) / 1000),
      })),
    };
  };
  const header = { alg: 'ES256', kid: keyId, typ: REVOCATIONS_TYPE };
  let page = entries;
  while (page.length > 0 && signingInputBytes(header, claimsFor(page)) > KMS_SIGN_MESSAGE_BYTES_MAX) {
    page = page.slice(0, -1);
  }
  const claims = claimsFor(page);
  const { token } = await signCompactJws(deps.signer, REVOCATIONS_TYPE, claims);
  return {
    providerId,
    since,
    version: claims.ver,
    latestVersion,
    more: claims.more,
    count: page.length,
    token,
    items: page.map((entry) => ({ ticketId: entry.ticketId, version: entry.version, revokedAt: entry.revokedAt })),
    ...(claims.more ? { nextCursor: revocationsCursor(providerId, claims.ver) } : {}),
  };
};
