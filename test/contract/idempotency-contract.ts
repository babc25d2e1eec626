import { describe, expect, it } from 'vitest';
import { runIdempotent, type IdempotencyDeps } from '../../shared/domain/idempotency/idempotency';
import type { IdempotencyStore } from '../../shared/domain/idempotency/ports';
import type { DomainError } from '../../shared/errors';
import { ManualClock } from '../fixtures/clock';

/** What these tests store as the answer of a request (the HTTP layer stores its response). */
interface StoredResponse {
  readonly statusCode: number;
  readonly body: string;
}

/**
 * One behaviour suite for every IdempotencyStore (in memory and DynamoDB), so the fake cannot
 * drift from the real thing. `readRecord` returns what the store keeps, for the secrecy check.
 */
export const idempotencyContract = (
  name: string,
  makeStore: () => Promise<{ store: IdempotencyStore<StoredResponse>; readRecord: (scope: string) => Promise<unknown> }>,
) =>
  describe(`idempotency store contract: ${name}`, () => {
    const LEASE_SECONDS = 30;
    const asResponse = (error: DomainError): StoredResponse => ({ statusCode: error.status, body: error.code });
    const makeDeps = async () => {
      const { store, readRecord } = await makeStore();
      const clock = new ManualClock(Date.parse('2026-11-22T00:00:00Z'));
      const deps: IdempotencyDeps<StoredResponse> = {
        idempotencyStore: store,
        clock,
        idempotencyLeaseSeconds: LEASE_SECONDS,
        idempotencyRetentionSeconds: 3600,
      };
      return { deps, clock, readRecord };
    };
    const scope = () => `customer:c-${Math.random().toString(36).slice(2)}#key`;
    const request = (requestScope: string, body: Record<string, unknown>) => ({
      scope: requestScope,
      method: 'POST',
      path: '/v1/things',
      body,
    });

    it('replays the first answer for a repeat and refuses a different body naming the field', async () => {
      // Prepare
      const { deps } = await makeDeps();
      const key = scope();
      let runs = 0;
      const execute = async () => ({ statusCode: 201, body: `run-${(runs += 1)}` });

      // Act
      const first = await runIdempotent(deps, request(key, { amount: 1 }), execute, asResponse);
      const again = await runIdempotent(deps, request(key, { amount: 1 }), execute, asResponse);
      const different = runIdempotent(deps, request(key, { amount: 2 }), execute, asResponse);

      // Assess
      expect(runs).toBe(1);
      expect(again).toEqual({ ...first, replayed: true });
      await expect(different).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', fields: [{ field: 'amount' }] });
    });

    it('answers which request a key is held for, in progress and completed, and nothing once released or never claimed', async () => {
      // Prepare: one key claimed and completed, one claimed and released (a crash), one never used.
      const held = await makeDeps();
      const released = await makeDeps();
      const unused = await makeDeps();
      const [heldKey, releasedKey, unusedKey] = [scope(), scope(), scope()];
      let inProgress: unknown;
      await runIdempotent(
        held.deps,
        request(heldKey, { offerId: 'x', password: 'hunter22' }),
        async () => {
          inProgress = await held.deps.idempotencyStore.requestOf(heldKey);
          return { statusCode: 201, body: 'x' };
        },
        asResponse,
      );
      await runIdempotent(
        released.deps,
        request(releasedKey, { offerId: 'x' }),
        async () => Promise.reject(new Error('crash')),
        asResponse,
      ).catch(() => undefined);

      // Act
      const completed = await held.deps.idempotencyStore.requestOf(heldKey);
      const gone = await released.deps.idempotencyStore.requestOf(releasedKey);
      const never = await unused.deps.idempotencyStore.requestOf(unusedKey);

      // Assess: the copy of the request as kept (the password only as its salted hash).
      const expected = {
        scope: heldKey,
        method: 'POST',
        path: '/v1/things',
        body: { offerId: 'x', password: expect.stringMatching(/^sha256:/) },
      };
      expect(inProgress).toEqual(expected);
      expect(completed).toEqual(expected);
      expect(gone).toBeUndefined();
      expect(never).toBeUndefined();
    });

    it('lets the same request take over a crashed one after its lease, but never a different request', async () => {
      // Prepare: a request claims the key and never finishes (its process died).
      const { deps, clock } = await makeDeps();
      const key = scope();
      let started: () => void = () => {};
      const hasStarted = new Promise<void>((resolve) => (started = resolve));
      void runIdempotent(
        deps,
        request(key, { offerId: 'x' }),
        () => {
          started();
          return new Promise<StoredResponse>(() => {});
        },
        asResponse,
      );
      await hasStarted;
      clock.advanceSeconds(LEASE_SECONDS + 1);

      // Act
      const different = await runIdempotent(
        deps,
        request(key, { offerId: 'y' }),
        async () => ({ statusCode: 201, body: 'y' }),
        asResponse,
      ).catch((error: unknown) => error);
      const same = await runIdempotent(
        deps,
        request(key, { offerId: 'x' }),
        async () => ({ statusCode: 201, body: 'x' }),
        asResponse,
      );

      // Assess
      expect(different).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', fields: [{ field: 'offerId' }] });
      expect(same).toMatchObject({ body: 'x', replayed: false });
    });

    it('never keeps a password in plain text, yet still tells a different password apart', async () => {
      // Prepare
      const { deps, readRecord } = await makeDeps();
      const key = scope();
      await runIdempotent(
        deps,
        request(key, { password: 'hunter22', title: 't' }),
        async () => ({ statusCode: 201, body: 'ok' }),
        asResponse,
      );

      // Act
      const stored = JSON.stringify(await readRecord(key));
      const otherPassword = await runIdempotent(
        deps,
        request(key, { password: 'hunter23', title: 't' }),
        async () => ({ statusCode: 201, body: 'ok' }),
        asResponse,
      ).catch((error: unknown) => error);

      // Assess
      expect(stored).not.toContain('hunter22');
      expect(stored).toContain('sha256:');
      expect(otherPassword).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', fields: [{ field: 'password' }] });
    });
  });
