import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { runIdempotent, type IdempotencyDeps } from '../domain/idempotency/idempotency';
import type { IdempotencyKeyHolder, IdempotencyStore } from '../domain/idempotency/ports';
import type { Principal, Role } from '../domain/principal';
import type { PurchaseKeys } from '../domain/purchases/ports';
import { purchaseIdFor } from '../domain/purchases/purchase';
import { unambiguousJoin } from '../ids';
import { problemOf } from './problem';
import { json, problem, SECURITY_HEADERS } from './response';

/** The answer kept for a request with an Idempotency-Key: what the client was sent. */
export interface StoredResponse {
  readonly statusCode: number;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** An answer as it is stored (and replayed). */
export const toStored = (result: APIGatewayProxyResult): StoredResponse => ({
  statusCode: result.statusCode,
  body: result.body,
  headers: Object.fromEntries(Object.entries(result.headers ?? {}).map(([name, value]) => [name, String(value)])),
});

/**
 * What a handler needs to answer idempotently: the domain's deps, storing HTTP responses in
 * the generic store (`idempotencyStore`), and the purchase items, where `POST /v1/purchases`
 * keeps its records: a customer's keys are one space across both.
 */
export interface ApiIdempotencyDeps extends IdempotencyDeps<StoredResponse> {
  readonly purchaseKeys: PurchaseKeys;
}

/** Who buys (`POST /v1/purchases`): only this role's keys are kept in a second store. */
export const PURCHASER_ROLE = 'customer' satisfies Role;

/**
 * Records never cross principals: the scope encodes (role, subject, key) unambiguously, so a
 * crafted subject or key holding a separator cannot land on another caller's record.
 */
export const idempotencyScope = (principal: Principal, key: string): string =>
  `idem:${unambiguousJoin([principal.role, principal.subject, key])}`;

/**
 * A public route's keys are scoped by what identifies its anonymous caller (for a
 * registration, the address), never shared with a principal's.
 */
const publicIdempotencyScope = (owner: string, key: string): string => `idem:${unambiguousJoin(['public', owner, key])}`;

/** Whose keys a request's Idempotency-Key is one of: a principal's, or on a public route, what identifies its anonymous caller. */
export type IdempotencyCaller = Principal | { readonly publicOwner: string };

const scopeOf = (caller: IdempotencyCaller, key: string): string =>
  'publicOwner' in caller ? publicIdempotencyScope(caller.publicOwner, key) : idempotencyScope(caller, key);

/**
 * The caller's key space (docs/purchases.md, "One key space per caller"): the store the
 * request's record goes to, and the other stores of the caller's keys, read after its claim.
 * A purchase keeps its record in its item and reads the generic store; any other request of
 * a customer, who alone buys, keeps it in the generic store and reads the purchase item its
 * key would name. Other callers have keys in the generic store only.
 */
const keySpace = (
  deps: ApiIdempotencyDeps,
  caller: IdempotencyCaller,
  key: string,
  purchaseItem: IdempotencyStore<StoredResponse> | undefined,
): { readonly own: IdempotencyStore<StoredResponse>; readonly others: readonly IdempotencyKeyHolder[] } => {
  if (purchaseItem !== undefined) return { own: purchaseItem, others: [deps.idempotencyStore] };
  if ('publicOwner' in caller || caller.role !== PURCHASER_ROLE) return { own: deps.idempotencyStore, others: [] };
  const purchaseId = purchaseIdFor(caller.subject, key);
  return {
    own: deps.idempotencyStore,
    others: [{ requestOf: (scope) => deps.purchaseKeys.requestOf(purchaseId, scope) }],
  };
};

export interface IdempotencyOptions {
  /**
   * Where `POST /v1/purchases` keeps its record: the purchase's item (purchase-idempotency.ts),
   * instead of the generic store, which it then reads after its claim.
   */
  readonly purchaseItem?: IdempotencyStore<StoredResponse>;
  /** Members of a successful JSON answer that replays leave out (a secret shown once). */
  readonly shownOnce?: readonly string[];
  /**
   * Members of a successful JSON answer that are not stored with it, because a record of their
   * own already holds them (a reconfirm's ticket): the stored answer stays small, and a replay
   * gets them back from `restore`, which appends them, so an answer whose last members they
   * are replays byte for byte.
   */
  readonly storedElsewhere?: {
    readonly members: readonly string[];
    readonly restore: (stored: Readonly<Record<string, unknown>>) => Promise<Readonly<Record<string, unknown>>>;
  };
  /**
   * What a replay of a successful JSON answer serves as of now rather than as it was stored: it
   * gets the stored answer and answers the one to send (an answer that carries a purchase serves
   * its docket as GET /v1/purchases/{id} does: replayServingDocket, purchase-replay.ts).
   */
  readonly servedOnReplay?: (stored: Readonly<Record<string, unknown>>) => Promise<Readonly<Record<string, unknown>>>;
}

const isJson = (response: StoredResponse): boolean => response.headers?.['content-type'] === 'application/json';

/**
 * Run a mutating request under its Idempotency-Key (when it has one), scoped by its caller:
 * the first answer is stored and replayed for repeats, marked with `Idempotent-Replayed: true`.
 * Without a key it just runs.
 */
export const respondIdempotently = async (
  deps: ApiIdempotencyDeps,
  event: APIGatewayProxyEvent,
  caller: IdempotencyCaller,
  key: string | undefined,
  body: Readonly<Record<string, unknown>>,
  execute: () => Promise<APIGatewayProxyResult>,
  options: IdempotencyOptions = {},
): Promise<APIGatewayProxyResult> => {
  if (key === undefined) return execute();
  const scope = scopeOf(caller, key);
  const hidden = [...(options.shownOnce ?? []), ...(options.storedElsewhere?.members ?? [])];
  const withoutHidden = (response: StoredResponse): StoredResponse => {
    if (hidden.length === 0 || !isJson(response)) return response;
    const parsed = JSON.parse(response.body) as Record<string, unknown>;
    return {
      ...response,
      body: JSON.stringify(Object.fromEntries(Object.entries(parsed).filter(([name]) => !hidden.includes(name)))),
    };
  };
  const stores = keySpace(deps, caller, key, options.purchaseItem);
  const answer = await runIdempotent(
    { ...deps, idempotencyStore: stores.own, otherKeyHolders: stores.others },
    { scope, method: event.httpMethod, path: event.path, body },
    async () => toStored(await execute()),
    (error) => toStored(problem(problemOf(error))),
    withoutHidden,
  );
  const replayedHeader = { 'idempotent-replayed': String(answer.replayed) };
  // The security headers go on every answer, also one stored before refusals were stored with them.
  if (!isJson(answer))
    return {
      statusCode: answer.statusCode,
      headers: { ...SECURITY_HEADERS, ...answer.headers, ...replayedHeader },
      body: answer.body,
    };
  const parsed = JSON.parse(answer.body) as Record<string, unknown>;
  const replayedSuccess = answer.replayed && answer.statusCode < 300;
  const restore = replayedSuccess ? options.storedElsewhere?.restore : undefined;
  const restored = restore === undefined ? parsed : await restore(parsed);
  const served = replayedSuccess && options.servedOnReplay !== undefined ? await options.servedOnReplay(restored) : restored;
  // A replay carries the first answer's headers too (a created object's Location).
  return json(answer.statusCode, served, {
    ...answer.headers,
    ...replayedHeader,
  });
};
