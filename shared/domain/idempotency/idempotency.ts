import { DomainError, isDomainError, type FieldIssue } from '../../errors';
import { createHash } from 'node:crypto';
import type { Clock } from '../../ports';
import type { IdempotencyKeyHolder, IdempotencyStore } from './ports';

/**
 * Idempotent requests. A repeat of a request with the same Idempotency-Key returns the first
 * answer; the same key with a different request is refused naming what differs.
 *
 * Flow:
 *  1. Claim the key with a conditional write of an in-progress record holding a hash and a
 *     copy of the request. A record already there is either completed (replay its answer),
 *     in progress within its lease (409, retry later), or for a different request (422).
 *     An in-progress record whose lease ran out (its request crashed) is taken over, by the
 *     same request only: a different request with the key is refused even then.
 *     A caller's keys are one space across stores (a purchase keeps its record in its own
 *     item): once claimed, the key is looked up in the other stores of that space, strongly
 *     consistently; found there, held for another request, this request gives its claim up
 *     and is refused (422, naming the other route). Each side writes its claim before it
 *     reads the other's, so of two requests racing for one key in two stores at most one
 *     runs: a request that read no claim was read by the other after it claimed (both may be
 *     refused; a retry then runs).
 *  2. Execute. The use case itself must be safe to run again after a crash (derived ids,
 *     conditional writes), because a taken-over lease re-runs it.
 *  3. Store the answer — success or expected failure — as the completed record. A bug or an
 *     infrastructure failure releases the claim instead, so a retry can run again; so does a
 *     refusal of the transport's checks (TRANSPORT_CODES), which the request layer runs
 *     before the key is claimed: one raised while executing is not the operation's answer.
 */
export interface IdempotentRequest {
  /** Who sent it and with which key: records never cross principals. */
  readonly scope: string;
  readonly method: string;
  readonly path: string;
  /** The parsed request (the body's fields, and path values such as the id it acts on). */
  readonly body: Readonly<Record<string, unknown>>;
}

/**
 * What the use cases share: the store and the timing. `Answer` is whatever the caller
 * stores as the answer of a request (the HTTP layer stores its response, shared/http).
 */
export interface IdempotencyDeps<Answer> {
  readonly idempotencyStore: IdempotencyStore<Answer>;
  readonly clock: Clock;
  readonly idempotencyLeaseSeconds: number;
  readonly idempotencyRetentionSeconds: number;
  /**
   * The other stores of this request's key space (the caller's keys kept elsewhere: the
   * purchase items for a customer's other routes, the generic store for a purchase), read
   * after the claim; none by default.
   */
  readonly otherKeyHolders?: readonly IdempotencyKeyHolder[];
}

/** Expected failures that are about timing, not the request: never stored as the answer. */
export const TRANSIENT_CODES: ReadonlySet<string> = /* @__PURE__ */ new Set([
  'TRANSACTION_CONFLICT',
  'IDEMPOTENCY_REQUEST_IN_PROGRESS',
]);

/**
 * Refusals of the transport's checks — the token, the path, the body's media type, size and
 * JSON, the key itself — that the request layer answers before a key is claimed
 * (shared/http/middleware.ts, request.ts). The key stays free for the corrected request: one
 * of these raised while executing is never stored as the answer either.
 */
export const TRANSPORT_CODES: ReadonlySet<string> = /* @__PURE__ */ new Set([
  'UNAUTHENTICATED',
  'CLIENT_NOT_REGISTERED',
  'SESSION_REVOKED',
  'MALFORMED_PATH',
  'MALFORMED_JSON',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'INVALID_IDEMPOTENCY_KEY',
  'MISSING_IDEMPOTENCY_KEY',
]);

const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
  }
  return JSON.stringify(value);
};

/**
 * Fields never stored as they were sent: a show password, a content key or a one-time code
 * (a carrier link's, a registration's) must not sit in plain text in an idempotency record.
 * They are kept as a hash salted with the scope, which still tells a repeat from a different
 * request.
 */
const SECRET_FIELDS: ReadonlySet<string> = /* @__PURE__ */ new Set(['password', 'contentKey', 'code']);

const withoutSecrets = (scope: string, body: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> =>
  Object.fromEntries(
    Object.entries(body).map(([name, value]) =>
      SECRET_FIELDS.has(name) && typeof value === 'string'
        ? [name, `sha256:${createHash('sha256').update(`${scope}\u0000${value}`).digest('base64url')}`]
        : [name, value],
    ),
  );

const fingerprintOf = (request: IdempotentRequest): string =>
  createHash('sha256')
    .update(canonicalJson({ method: request.method, path: request.path, body: request.body }))
    .digest('base64url');

const differences = (stored: IdempotentRequest, incoming: IdempotentRequest): FieldIssue[] => {
  const issues: FieldIssue[] = [];
  if (stored.method !== incoming.method || stored.path !== incoming.path) {
    issues.push({ field: '(request)', message: `the key was used for ${stored.method} ${stored.path}` });
  }
  const names = new Set([...Object.keys(stored.body), ...Object.keys(incoming.body)]);
  for (const name of [...names].sort()) {
    if (canonicalJson(stored.body[name]) !== canonicalJson(incoming.body[name])) {
      issues.push({ field: name, message: 'differs from the first request with this Idempotency-Key' });
    }
  }
  return issues;
};

/** The sentence of a reused key: the route it was used for when that differs, the body fields that differ. */
const reusedDetail = (stored: IdempotentRequest, incoming: IdempotentRequest, fields: readonly FieldIssue[]): string => {
  const route = stored.method !== incoming.method || stored.path !== incoming.path ? ` (${stored.method} ${stored.path})` : '';
  const named = fields.filter((field) => field.field !== '(request)').map((field) => field.field);
  const body = named.length === 0 ? '' : ` with another ${named.join(', ')}`;
  return `This Idempotency-Key was used for a different request${route}${body}.`;
};

const keyReused = (stored: IdempotentRequest, incoming: IdempotentRequest): DomainError => {
  const fields = differences(stored, incoming);
  return new DomainError('IDEMPOTENCY_KEY_REUSED', reusedDetail(stored, incoming, fields), fields);
};

/** The request another store of the key space holds the key for, if any (the first found). */
const heldElsewhere = async (holders: readonly IdempotencyKeyHolder[], scope: string): Promise<IdempotentRequest | undefined> => {
  for (const holder of holders) {
    const request = await holder.requestOf(scope);
    if (request !== undefined) return request;
  }
  return undefined;
};

export const runIdempotent = async <Answer extends object>(
  deps: IdempotencyDeps<Answer>,
  incoming: IdempotentRequest,
  execute: () => Promise<Answer>,
  toAnswer: (error: DomainError) => Answer,
  /** What of a successful answer is kept for replays (a secret shown once is left out); default all. */
  toStored: (answer: Answer) => Answer = (answer) => answer,
): Promise<Answer & { readonly replayed: boolean }> => {
  const nowMs = deps.clock.now();
  const request: IdempotentRequest = { ...incoming, body: withoutSecrets(incoming.scope, incoming.body) };
  const fingerprint = fingerprintOf(request);
  const claim = await deps.idempotencyStore.claim(
    {
      scope: request.scope,
      fingerprint,
      request,
      state: 'in_progress',
      leaseExpiresAtMs: nowMs + deps.idempotencyLeaseSeconds * 1000,
      expiresAtMs: nowMs + deps.idempotencyRetentionSeconds * 1000,
    },
    nowMs,
  );
  if (!claim.claimed) {
    const existing = claim.existing;
    if (existing.fingerprint !== fingerprint) throw keyReused(existing.request, request);
    if (existing.state === 'completed' && existing.response !== undefined) {
      return { ...existing.response, replayed: true };
    }
    throw new DomainError(
      'IDEMPOTENCY_REQUEST_IN_PROGRESS',
      'A request with this Idempotency-Key is still being processed; retry shortly.',
    );
  }

  let elsewhere: IdempotentRequest | undefined;
  try {
    elsewhere = await heldElsewhere(deps.otherKeyHolders ?? [], request.scope);
  } catch (error) {
    await deps.idempotencyStore.release(request.scope, fingerprint);
    throw error;
  }
  if (elsewhere !== undefined) {
    await deps.idempotencyStore.release(request.scope, fingerprint);
    throw keyReused(elsewhere, request);
  }

  let response: Answer;
  try {
    response = await execute();
  } catch (error) {
    if (isDomainError(error) && !TRANSIENT_CODES.has(error.code) && !TRANSPORT_CODES.has(error.code) && error.status < 500) {
      response = toAnswer(error);
    } else {
      await deps.idempotencyStore.release(request.scope, fingerprint);
      throw error;
    }
  }
  await deps.idempotencyStore.complete(request.scope, fingerprint, toStored(response));
  return { ...response, replayed: false };
};
