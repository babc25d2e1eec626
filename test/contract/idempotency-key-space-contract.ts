import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { IdempotencyStore } from '../../shared/domain/idempotency/ports';
import type { Principal } from '../../shared/domain/principal';
import type { PurchaseClaimStore, PurchaseKeys } from '../../shared/domain/purchases/ports';
import { purchaseIdFor } from '../../shared/domain/purchases/purchase';
import type { TicketStore } from '../../shared/domain/tickets/ports';
import { isDomainError } from '../../shared/errors';
import {
  idempotencyScope,
  respondIdempotently,
  type ApiIdempotencyDeps,
  type StoredResponse,
} from '../../shared/http/idempotent';
import { PurchaseIdempotency } from '../../shared/http/purchase-idempotency';
import { json } from '../../shared/http/response';
import { ManualClock } from '../fixtures/clock';

/** The stores of one key space, on one table: the generic store and the purchase items. */
export interface KeySpaceStores {
  readonly idempotencyStore: IdempotencyStore<StoredResponse>;
  readonly claims: PurchaseClaimStore;
  readonly ticketStore: TicketStore;
}

/** The store operations a forced interleaving orders: P is the purchase, G the request on another route. */
type Step = 'P.claim' | 'P.read' | 'P.release' | 'G.claim' | 'G.read' | 'G.release';

/**
 * Runs the named store operations in the order given, whatever order their requests reach
 * them in: each waits until every step before it in the order has finished. Operations not
 * in the order run when called.
 */
const sequencer = (order: readonly Step[]) => {
  const finished = new Map<Step, () => void>();
  const done = new Map(order.map((step) => [step, new Promise<void>((resolve) => finished.set(step, resolve))] as const));
  return async <T>(step: Step, operation: () => Promise<T>): Promise<T> => {
    const position = order.indexOf(step);
    if (position < 0) return operation();
    await Promise.all(order.slice(0, position).map((before) => done.get(before)));
    try {
      return await operation();
    } finally {
      finished.get(step)?.();
    }
  };
};

/**
 * One Idempotency-Key space per caller (docs/purchases.md): `POST /v1/purchases` keeps its
 * records in purchase items, every other route in the generic store, and a customer's key is
 * one request's across both. Runs the HTTP layer's composition (respondIdempotently) on each
 * pair of stores, in memory and on DynamoDB Local.
 */
export const idempotencyKeySpaceContract = (name: string, makeStores: () => Promise<KeySpaceStores>) =>
  describe(`one Idempotency-Key space across the generic store and the purchase items: ${name}`, () => {
    const alice: Principal = { role: 'customer', subject: `cus-${randomUUID()}` };
    const event = (path: string) => ({ httpMethod: 'POST', path }) as APIGatewayProxyEvent;
    const DEVICES = '/v1/devices';

    const space = async (order: readonly Step[] = []) => {
      const stores = await makeStores();
      const step = sequencer(order);
      const generic: IdempotencyStore<StoredResponse> = {
        claim: (record, nowMs) => step('G.claim', () => stores.idempotencyStore.claim(record, nowMs)),
        complete: (scope, fingerprint, response) => stores.idempotencyStore.complete(scope, fingerprint, response),
        release: (scope, fingerprint) => step('G.release', () => stores.idempotencyStore.release(scope, fingerprint)),
        // Only a purchase reads the generic store of its key space.
        requestOf: (scope) => step('P.read', () => stores.idempotencyStore.requestOf(scope)),
      };
      const purchaseKeys: PurchaseKeys = {
        requestOf: (purchaseId, scope) => step('G.read', () => stores.claims.requestOf(purchaseId, scope)),
      };
      const deps: ApiIdempotencyDeps = {
        idempotencyStore: generic,
        purchaseKeys,
        clock: new ManualClock(Date.parse('2026-11-27T00:00:00Z')),
        idempotencyLeaseSeconds: 30,
        idempotencyRetentionSeconds: 3600,
      };
      const runs = { purchase: 0, other: 0 };
      /** The purchase's own store, its item, with its claim and release in the order. */
      const purchaseItem = (caller: Principal, key: string): IdempotencyStore<StoredResponse> => {
        const item = new PurchaseIdempotency(
          { claims: stores.claims, ticketStore: stores.ticketStore },
          caller,
          purchaseIdFor(caller.subject, key),
        );
        return {
          claim: (record, nowMs) => step('P.claim', () => item.claim(record, nowMs)),
          complete: (scope, fingerprint, response) => item.complete(scope, fingerprint, response),
          release: (scope, fingerprint) => step('P.release', () => item.release(scope, fingerprint)),
          requestOf: (scope) => item.requestOf(scope),
        };
      };
      /** A request's answer, or the code of its refusal. */
      const settled = (answer: Promise<APIGatewayProxyResult>) =>
        answer.then(
          (result) => ({ status: result.statusCode, replayed: result.headers?.['idempotent-replayed'], body: result.body }),
          (error: unknown) => {
            if (!isDomainError(error)) throw error;
            return { status: error.status, code: error.code, detail: error.detail, fields: error.fields };
          },
        );
      const buy = (key: string, caller = alice) =>
        settled(
          respondIdempotently(
            deps,
            event('/v1/purchases'),
            caller,
            key,
            { offerId: 'ofr-1' },
            async () => json(201, { id: purchaseIdFor(caller.subject, key), run: (runs.purchase += 1) }),
            { purchaseItem: purchaseItem(caller, key) },
          ),
        );
      const addDevice = (key: string, caller = alice) =>
        settled(
          respondIdempotently(deps, event(DEVICES), caller, key, { name: 'phone' }, async () =>
            json(201, { id: 'dev-1', run: (runs.other += 1) }),
          ),
        );
      return { stores, runs, buy, addDevice };
    };

    it("a purchase's key on another route of the customer is a 422 naming the purchase; the purchase still replays", async () => {
      // Prepare
      const { stores, runs, buy, addDevice } = await space();
      const key = `key-${randomUUID()}`;
      const first = await buy(key);

      // Act
      const other = await addDevice(key);
      const replay = await buy(key);

      // Assess
      expect(first).toMatchObject({ status: 201, replayed: 'false' });
      expect(other).toMatchObject({
        status: 422,
        code: 'IDEMPOTENCY_KEY_REUSED',
        detail: 'This Idempotency-Key was used for a different request (POST /v1/purchases) with another name, offerId.',
        fields: [
          { field: '(request)', message: 'the key was used for POST /v1/purchases' },
          { field: 'name' },
          { field: 'offerId' },
        ],
      });
      expect(replay).toEqual({ ...first, replayed: 'true' });
      expect(runs).toEqual({ purchase: 1, other: 0 });
      expect(await stores.idempotencyStore.requestOf(idempotencyScope(alice, key))).toBeUndefined();
    });

    it('a key used on another route first makes no purchase: 422 naming that route; that route still replays', async () => {
      // Prepare
      const { stores, runs, buy, addDevice } = await space();
      const key = `key-${randomUUID()}`;
      const first = await addDevice(key);

      // Act
      const purchase = await buy(key);
      const replay = await addDevice(key);

      // Assess
      expect(first).toMatchObject({ status: 201, replayed: 'false' });
      expect(purchase).toMatchObject({
        status: 422,
        code: 'IDEMPOTENCY_KEY_REUSED',
        fields: [
          { field: '(request)', message: `the key was used for POST ${DEVICES}` },
          { field: 'name' },
          { field: 'offerId' },
        ],
      });
      expect(replay).toEqual({ ...first, replayed: 'true' });
      expect(runs).toEqual({ purchase: 0, other: 1 });
      expect(await stores.claims.requestOf(purchaseIdFor(alice.subject, key), 'any')).toBeUndefined();
    });

    it("keys are per caller: another customer's purchase and a provider's request with the same key both run", async () => {
      // Prepare
      const { runs, buy, addDevice } = await space();
      const key = `key-${randomUUID()}`;
      const bob: Principal = { role: 'customer', subject: `cus-${randomUUID()}` };
      const provider: Principal = { role: 'provider', subject: alice.subject };

      // Act
      const answers = [await buy(key, bob), await addDevice(key), await addDevice(key, provider)];

      // Assess
      expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201]);
      expect(runs).toEqual({ purchase: 1, other: 2 });
    });

    // Forced interleavings of a purchase (P) and a request on another route (G) with one key:
    // each writes its claim before it reads the other's, so at most one of them runs.
    const interleavings: readonly {
      readonly order: readonly Step[];
      readonly purchase: number;
      readonly other: number;
      readonly says: string;
    }[] = [
      {
        order: ['P.claim', 'P.read', 'G.claim', 'G.read'],
        purchase: 201,
        other: 422,
        says: 'the purchase claims and reads first',
      },
      {
        order: ['G.claim', 'G.read', 'P.claim', 'P.read'],
        purchase: 422,
        other: 201,
        says: 'the other route claims and reads first',
      },
      {
        order: ['P.claim', 'G.claim', 'G.read', 'G.release', 'P.read'],
        purchase: 201,
        other: 422,
        says: 'the other route reads the purchase claim and gives its own up before the purchase reads',
      },
      {
        order: ['P.claim', 'G.claim', 'P.read', 'G.read', 'P.release', 'G.release'],
        purchase: 422,
        other: 422,
        says: 'both claim, then both read before either gives its claim up',
      },
      {
        order: ['G.claim', 'P.claim', 'G.read', 'P.read', 'G.release', 'P.release'],
        purchase: 422,
        other: 422,
        says: 'both claim the other way round, then both read',
      },
    ];
    for (const { order, purchase, other, says } of interleavings) {
      it(`at most one of two racing requests runs when ${says}: purchase ${purchase}, other route ${other}`, async () => {
        // Prepare
        const { runs, buy, addDevice } = await space(order);
        const key = `key-${randomUUID()}`;

        // Act
        const [bought, added] = await Promise.all([buy(key), addDevice(key)]);

        // Assess
        expect([bought.status, added.status]).toEqual([purchase, other]);
        expect(runs).toEqual({ purchase: purchase === 201 ? 1 : 0, other: other === 201 ? 1 : 0 });
        for (const refused of [bought, added].filter((answer) => answer.status === 422)) {
          expect(refused).toMatchObject({
            code: 'IDEMPOTENCY_KEY_REUSED',
            fields: expect.arrayContaining([expect.objectContaining({ field: '(request)' })]),
          });
        }
      });
    }

    it('when both refused, each gave its claim up: a retry of either runs', async () => {
      // Prepare
      const { runs, buy, addDevice } = await space(['P.claim', 'G.claim', 'P.read', 'G.read', 'P.release', 'G.release']);
      const key = `key-${randomUUID()}`;
      const refused = await Promise.all([buy(key), addDevice(key)]);

      // Act
      const retry = await buy(key);
      const otherAfter = await addDevice(key);

      // Assess
      expect(refused.map((answer) => answer.status)).toEqual([422, 422]);
      expect(retry).toMatchObject({ status: 201, replayed: 'false' });
      expect(otherAfter).toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
      expect(runs).toEqual({ purchase: 1, other: 0 });
    });
  });
