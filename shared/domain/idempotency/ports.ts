import type { IdempotentRequest } from './idempotency';

/** One request under its key: the hash and a copy of the request, and its answer once it has one. */
export interface IdempotencyRecord<Answer> {
  readonly scope: string;
  readonly fingerprint: string;
  readonly request: IdempotentRequest;
  readonly state: 'in_progress' | 'completed';
  readonly leaseExpiresAtMs: number;
  readonly expiresAtMs: number;
  readonly response?: Answer;
}

/**
 * A store of a caller's keys as another store of the same key space sees it: which request,
 * if any, a key is held for. `POST /v1/purchases` keeps its records in purchase items and
 * every other route in the generic store; each reads the other after its claim
 * (runIdempotent), so a caller's key is one request's across both.
 */
export interface IdempotencyKeyHolder {
  /**
   * The request of the record under the scope, in any state (in progress, completed, its
   * lease run out), read strongly consistently so that a claim written before the read is
   * seen; undefined when the scope holds none. No DomainError.
   */
  requestOf(scope: string): Promise<IdempotentRequest | undefined>;
}

/**
 * Where idempotency records are kept, declared by their consumer (runIdempotent). Every
 * method but `requestOf` is one conditional write; none throws a DomainError (a refused claim
 * answers the record that is there), infrastructure failures propagate. Records are cleaned
 * up after `expiresAtMs` (DynamoDB TTL), which decides nothing.
 */
export interface IdempotencyStore<Answer> extends IdempotencyKeyHolder {
  /**
   * Write the record unless one exists that is completed, or in progress within its lease,
   * or in progress for a different request (another fingerprint).
   */
  claim(
    record: IdempotencyRecord<Answer>,
    nowMs: number,
  ): Promise<{ claimed: true } | { claimed: false; existing: IdempotencyRecord<Answer> }>;
  /** Stores the answer and marks the record completed, if it still holds this fingerprint. */
  complete(scope: string, fingerprint: string, response: Answer): Promise<void>;
  /** Deletes the record if it is still in progress for this fingerprint, so that a retry can run again. */
  release(scope: string, fingerprint: string): Promise<void>;
}
