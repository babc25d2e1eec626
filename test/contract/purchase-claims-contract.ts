import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { IdempotencyRecord } from '../../shared/domain/idempotency/ports';
import type { PurchaseStore } from '../../shared/domain/purchases/ports';
import type { PurchaseRecord } from '../../shared/domain/purchases/purchase';

const NOW_MS = Date.parse('2026-11-22T02:13:00.000Z');
const LEASE_MS = 30_000;
/** The scope of every record under one purchase id: the id derives from it (purchaseIdFor), so it is one scope per id. */
const SCOPE = 'idem:customer:cus-alice:key-1';

/**
 * The idempotency records of purchase requests, kept in the purchase items (PurchaseClaimStore),
 * part of the purchase store contract: one suite for the in-memory and the DynamoDB store.
 */
export const purchaseClaimsContract = (makeStore: () => Promise<PurchaseStore>, purchase: (id: string) => PurchaseRecord) =>
  describe('idempotency claims in purchase items', () => {
    const claim = (fingerprint: string, nowMs = NOW_MS): IdempotencyRecord<{ status: number }> => ({
      scope: SCOPE,
      fingerprint,
      request: { scope: SCOPE, method: 'POST', path: '/v1/purchases', body: { offerId: 'ofr-1' } },
      state: 'in_progress',
      leaseExpiresAtMs: nowMs + LEASE_MS,
      expiresAtMs: nowMs + 3_600_000,
    });
    const newId = () => `pur_${randomUUID()}`;

    it('claims a new id once; the claim is no purchase; after the lease only the same request takes it over', async () => {
      // Prepare
      const store = await makeStore();
      const id = newId();
      const first = claim('fp-1');

      // Act
      const claimed = await store.claims.claim(id, first, NOW_MS);
      const duringLease = await store.claims.claim(id, claim('fp-1'), NOW_MS + 1_000);
      const otherRequest = await store.claims.claim(id, claim('fp-2'), NOW_MS + LEASE_MS);
      const takenOver = await store.claims.claim(id, claim('fp-1', NOW_MS + LEASE_MS), NOW_MS + LEASE_MS);

      // Assess
      expect(claimed).toEqual({ claimed: true });
      expect(duringLease).toEqual({ claimed: false, existing: first, purchase: undefined });
      expect(otherRequest).toEqual({ claimed: false, existing: first, purchase: undefined });
      expect(takenOver).toEqual({ claimed: true });
      expect(await store.get(id)).toBeUndefined();
      expect((await store.listByCustomer({ customerId: 'cus-alice', limit: 100 })).items.map((item) => item.id)).not.toContain(
        id,
      );
      await store.markAttention(id, { reason: 'SETTLEMENT_MESSAGE_MALFORMED', detail: 'x', at: 'x', messageId: 'm' });
      expect(await store.get(id)).toBeUndefined();
    });

    it('stores the purchase in the claimed item; a later claim never overwrites it, a takeover is conditional on the lease seen', async () => {
      // Prepare
      const store = await makeStore();
      const id = newId();
      const first = claim('fp-1');
      await store.claims.claim(id, first, NOW_MS);
      const record = purchase(id);

      // Act
      const created = await store.create(record);
      const afterLease = await store.claims.claim(id, claim('fp-1', NOW_MS + LEASE_MS), NOW_MS + LEASE_MS);
      const takers = await Promise.all([
        store.claims.takeOver(id, 'fp-1', first.leaseExpiresAtMs, NOW_MS + 2 * LEASE_MS),
        store.claims.takeOver(id, 'fp-1', first.leaseExpiresAtMs, NOW_MS + 2 * LEASE_MS),
      ]);
      const otherRequest = await store.claims.takeOver(id, 'fp-2', NOW_MS + 2 * LEASE_MS, NOW_MS + 3 * LEASE_MS);

      // Assess
      expect(created).toEqual(record);
      expect(await store.get(id)).toEqual(record);
      expect(afterLease).toEqual({ claimed: false, existing: first, purchase: record });
      expect(takers.sort()).toEqual([false, true]);
      expect(otherRequest).toBe(false);
      const now = await store.claims.claim(id, claim('fp-1'), NOW_MS);
      expect(now).toEqual({ claimed: false, existing: { ...first, leaseExpiresAtMs: NOW_MS + 2 * LEASE_MS }, purchase: record });
    });

    it('keeps a completed answer for its request only, and answers a purchase stored without a claim with no record', async () => {
      // Prepare
      const store = await makeStore();
      const id = newId();
      const first = claim('fp-1');
      await store.claims.claim(id, first, NOW_MS);
      const unclaimed = purchase(newId());
      await store.create(unclaimed);

      // Act
      await store.claims.complete(id, 'fp-other', { status: 500 });
      await store.claims.complete(id, 'fp-1', { status: 402 });
      const replay = await store.claims.claim(id, claim('fp-1', NOW_MS + LEASE_MS), NOW_MS + LEASE_MS);
      const noRecord = await store.claims.claim(unclaimed.id, claim('fp-1'), NOW_MS);

      // Assess
      expect(replay).toEqual({
        claimed: false,
        existing: { ...first, state: 'completed', response: { status: 402 } },
        purchase: undefined,
      });
      expect(noRecord).toEqual({ claimed: false, existing: undefined, purchase: unclaimed });
    });

    it('a released claim is gone while it holds no purchase; one holding a purchase keeps it and ends its lease', async () => {
      // Prepare
      const store = await makeStore();
      const bare = newId();
      const bought = newId();
      await store.claims.claim(bare, claim('fp-1'), NOW_MS);
      await store.claims.claim(bought, claim('fp-1'), NOW_MS);
      const record = purchase(bought);
      await store.create(record);

      // Act
      await store.claims.release(bare, 'fp-other');
      const notOurs = await store.claims.claim(bare, claim('fp-2'), NOW_MS);
      await store.claims.release(bare, 'fp-1');
      await store.claims.release(bought, 'fp-1');
      const fresh = await store.claims.claim(bare, claim('fp-2'), NOW_MS);
      const kept = await store.claims.claim(bought, claim('fp-1'), NOW_MS);

      // Assess
      expect(notOurs.claimed).toBe(false);
      expect(fresh).toEqual({ claimed: true });
      expect(kept).toEqual({
        claimed: false,
        existing: { ...claim('fp-1'), scope: expect.any(String), leaseExpiresAtMs: 0 },
        purchase: record,
      });
      expect(await store.get(bought)).toEqual(record);
    });

    it('answers which request an item holds its key for: a claim, a purchase, a purchase stored without a claim, none', async () => {
      // Prepare
      const store = await makeStore();
      const [claimed, bought, unclaimed, absent] = [newId(), newId(), newId(), newId()];
      await store.claims.claim(claimed, claim('fp-1'), NOW_MS);
      await store.claims.claim(bought, claim('fp-1'), NOW_MS);
      await store.create(purchase(bought));
      await store.claims.complete(bought, 'fp-1', { status: 201 });
      await store.create(purchase(unclaimed));

      // Act
      const [ofClaim, ofPurchase, ofUnclaimed, ofAbsent] = await Promise.all(
        [claimed, bought, unclaimed, absent].map((id) => store.claims.requestOf(id, SCOPE)),
      );

      // Assess
      expect(ofClaim).toEqual(claim('fp-1').request);
      expect(ofPurchase).toEqual(claim('fp-1').request);
      expect(ofUnclaimed).toEqual({
        scope: SCOPE,
        method: 'POST',
        path: '/v1/purchases',
        body: { offerId: purchase(unclaimed).offerId },
      });
      expect(ofAbsent).toBeUndefined();
    });
  });
