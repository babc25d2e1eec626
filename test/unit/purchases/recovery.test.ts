import { describe, expect, it } from 'vitest';
import { createPurchase } from '../../../shared/domain/purchases/create';
import { authorizedBucketStartMs, purchaseIdFor } from '../../../shared/domain/purchases/purchase';
import { recoverStrandedPurchases } from '../../../shared/domain/purchases/recover';
import type { SettlementQueue } from '../../../shared/domain/purchases/ports';
import { randomIds } from '../../../shared/ids';
import { PURCHASE_DUE_BUCKET_SECONDS, PURCHASE_DUE_SWEEP } from '../../../shared/limits';
import { HOLD_TIMEOUT_SECONDS, makeWorld, type World } from '../../fixtures/purchases-world';

const GRACE_SECONDS = 300;
const HOUR_MS = PURCHASE_DUE_BUCKET_SECONDS * 1000;

/** Fault injection: a settlement queue that is down, as a crash right before the enqueue would leave things. */
const unreachableQueue: SettlementQueue = {
  enqueue: async () => {
    throw new Error('injected: the settlement queue is unreachable');
  },
};

/** A wallet customer with room for `count` purchases of a 1,000 JPY offer at 10 %. */
const scene = async (world: World, count = 1) => {
  const provider = await world.provider({ trusted: false, platformFeeBps: 1_000 });
  const kiosk = await world.agent();
  const customer = await world.customer();
  await world.topUp(customer.id, kiosk.id, 1_000 * count);
  const offer = await world.offer(provider.id, 1_000);
  return { provider, customer, offer };
};

/** A purchase whose request crashed after storing it and issuing the ticket, before the enqueue. */
const strand = async (world: World, customerId: string, offerId: string): Promise<string> => {
  const key = randomIds.next('key');
  await expect(
    createPurchase(world.purchaseDeps(unreachableQueue), { role: 'customer', subject: customerId }, { offerId }, key),
  ).rejects.toThrow('injected');
  return purchaseIdFor(customerId, key);
};

const recover = (world: World) =>
  recoverStrandedPurchases({
    purchases: world.purchases,
    settlementQueue: world.queue,
    clock: world.clock,
    settlementGraceSeconds: GRACE_SECONDS,
  });

describe('settlement recovery', () => {
  it('a stranded purchase is re-enqueued once the grace has passed, and not before', async () => {
    // Prepare
    const world = makeWorld();
    const { customer, offer } = await scene(world);
    const purchaseId = await strand(world, customer.id, offer.id);

    // Act
    world.clock.advanceSeconds(GRACE_SECONDS - 1);
    const early = await recover(world);
    world.clock.advanceSeconds(2);
    const due = await recover(world);

    // Assess
    expect(early.enqueued).toEqual([]);
    expect(early.itemsRead).toBe(1);
    expect(due.enqueued).toEqual([purchaseId]);
    expect(world.queue.sent).toEqual([{ purchaseId }]);
  });

  it('the re-enqueued message settles the purchase, which then leaves the index', async () => {
    // Prepare
    const world = makeWorld();
    const { provider, customer, offer } = await scene(world);
    const purchaseId = await strand(world, customer.id, offer.id);
    world.clock.advanceSeconds(GRACE_SECONDS + 1);

    // Act
    await recover(world);
    const failed = await world.deliverAll();
    const after = await recover(world);

    // Assess
    expect(failed).toEqual([]);
    expect((await world.purchases.get(purchaseId))?.status).toBe('settled');
    expect(await world.posted(world.accounts.wallet(customer.id))).toBe(0);
    expect(await world.posted(world.accounts.revenue(provider.id))).toBe(900);
    expect(await world.posted(world.accounts.platform())).toBe(100);
    expect(after.enqueued).toEqual([]);
    expect(after.itemsRead).toBe(1);
  });

  it('past the hold timeout the re-enqueued message rejects the purchase and revokes and lists its ticket', async () => {
    // Prepare
    const world = makeWorld();
    const { provider, customer, offer } = await scene(world);
    const purchaseId = await strand(world, customer.id, offer.id);
    world.clock.advanceSeconds(HOLD_TIMEOUT_SECONDS + 1);
    await world.ledger.expireDue({ limit: 10 });

    // Act
    const run = await recover(world);
    const failed = await world.deliverAll();

    // Assess
    const stored = await world.purchases.get(purchaseId);
    expect(run.enqueued).toEqual([purchaseId]);
    expect(failed).toEqual([]);
    expect(stored?.status).toBe('rejected');
    expect(stored?.rejection?.reasonCode).toBe('PENDING_TRANSFER_EXPIRED');
    expect(await world.posted(world.accounts.wallet(customer.id))).toBe(1_000);
    expect(await world.pending(world.accounts.wallet(customer.id))).toBe(0);
    expect((await world.ticketStore.get(stored?.ticketId ?? ''))?.status).toBe('revoked');
    const list = await world.revocations.list(provider.id, 0, 10);
    expect(list.entries.map((entry) => entry.ticketId)).toEqual([stored?.ticketId]);
  });

  it('while a purchase stays authorized every run sends its message again and the watermark waits at its bucket', async () => {
    // Prepare
    const world = makeWorld();
    const { customer, offer } = await scene(world);
    const purchaseId = await strand(world, customer.id, offer.id);
    world.clock.advanceSeconds(3 * 3_600);

    // Act
    const first = await recover(world);
    const second = await recover(world);

    // Assess
    expect(first.enqueued).toEqual([purchaseId]);
    expect(second.enqueued).toEqual([purchaseId]);
    const purchase = await world.purchases.get(purchaseId);
    expect(second.watermarkMs).toBe(authorizedBucketStartMs(Date.parse(purchase?.createdAt ?? '')));
  });

  it('the watermark passes closed buckets without authorized purchases, so the next run walks only the recent ones', async () => {
    // Prepare
    const world = makeWorld();

    // Act
    const first = await recover(world);
    const second = await recover(world);

    // Assess: the first run looks back; only the cutoff's own bucket (02:00, cutoff 02:08) is still open.
    expect(first.bucketsWalked).toBe(PURCHASE_DUE_SWEEP.lookbackBuckets + 1);
    expect(first.watermarkMs).toBe(authorizedBucketStartMs(world.clock.now()));
    expect(second.bucketsWalked).toBe(1);
    expect(second.itemsRead).toBe(1);
  });

  it('the first run looks back PURCHASE_DUE_SWEEP.lookbackBuckets buckets and no further', async () => {
    // Prepare
    const world = makeWorld();
    const { customer, offer } = await scene(world, 2);
    const old = await strand(world, customer.id, offer.id);
    world.clock.advanceSeconds(3 * 3_600);
    const recent = await strand(world, customer.id, offer.id);
    world.clock.advanceSeconds((PURCHASE_DUE_SWEEP.lookbackBuckets - 1) * 3_600);

    // Act
    const run = await recover(world);

    // Assess
    expect(run.enqueued).toEqual([recent]);
    expect(run.enqueued).not.toContain(old);
  });

  it('a run walks at most PURCHASE_DUE_SWEEP.bucketsPerSweepMax buckets and the next run carries on from there', async () => {
    // Prepare: a watermark left far behind (the schedule was off for weeks).
    const world = makeWorld();
    const { customer, offer } = await scene(world);
    const purchaseId = await strand(world, customer.id, offer.id);
    const behindMs = authorizedBucketStartMs(world.clock.now()) - (PURCHASE_DUE_SWEEP.bucketsPerSweepMax + 20) * HOUR_MS;
    await world.purchases.authorizedIndex.advanceWatermarkMs(behindMs);
    world.clock.advanceSeconds(GRACE_SECONDS + 1);

    // Act
    const first = await recover(world);
    const second = await recover(world);

    // Assess
    expect(first.bucketsWalked).toBe(PURCHASE_DUE_SWEEP.bucketsPerSweepMax);
    expect(first.enqueued).toEqual([]);
    expect(first.watermarkMs).toBe(behindMs + PURCHASE_DUE_SWEEP.bucketsPerSweepMax * HOUR_MS);
    expect(second.enqueued).toEqual([purchaseId]);
  });

  it('a run reads at most PURCHASE_DUE_SWEEP.itemsPerSweepMax entries; the rest are sent by the next run', async () => {
    // Prepare
    const count = PURCHASE_DUE_SWEEP.itemsPerSweepMax + 20;
    const world = makeWorld();
    const { customer, offer } = await scene(world, count);
    const stranded: string[] = [];
    for (let index = 0; index < count; index += 1) stranded.push(await strand(world, customer.id, offer.id));
    world.clock.advanceSeconds(GRACE_SECONDS + 1);

    // Act: the worker settles what the first run sent before the second run.
    const first = await recover(world);
    await world.deliverAll();
    const second = await recover(world);

    // Assess
    expect(first.enqueued).toHaveLength(PURCHASE_DUE_SWEEP.itemsPerSweepMax);
    expect(first.itemsRead).toBe(1 + PURCHASE_DUE_SWEEP.itemsPerSweepMax);
    expect(second.enqueued).toHaveLength(20);
    expect(new Set([...first.enqueued, ...second.enqueued])).toEqual(new Set(stranded));
  });

  it('a purchase flagged for attention is left to the operator and does not hold the watermark back', async () => {
    // Prepare
    const world = makeWorld();
    const { customer, offer } = await scene(world);
    const purchaseId = await strand(world, customer.id, offer.id);
    await world.purchases.markAttention(purchaseId, {
      reason: 'SETTLEMENT_RETRIES_EXHAUSTED',
      detail: 'the ledger was unreachable',
      at: new Date(world.clock.now()).toISOString(),
      messageId: 'msg-dead-lettered',
    });
    world.clock.advanceSeconds(3 * 3_600);

    // Act
    const run = await recover(world);

    // Assess
    expect(run.enqueued).toEqual([]);
    expect(run.awaitingOperator).toEqual([purchaseId]);
    expect(run.watermarkMs).toBeGreaterThan(Date.parse((await world.purchases.get(purchaseId))?.createdAt ?? ''));
    expect(world.queue.sent).toEqual([]);
  });

  it('settled purchases and purchases within the grace are never read', async () => {
    // Prepare
    const world = makeWorld();
    const { customer, offer } = await scene(world, 30);
    const stranded = await strand(world, customer.id, offer.id);
    for (let index = 0; index < 20; index += 1) await world.buy(customer.id, { offerId: offer.id });
    await world.deliverAll();
    world.clock.advanceSeconds(GRACE_SECONDS + 1);
    for (let index = 0; index < 5; index += 1) await world.buy(customer.id, { offerId: offer.id });
    world.queue.sent.length = 0;

    // Act
    const run = await recover(world);

    // Assess
    expect(run.enqueued).toEqual([stranded]);
    expect(run.itemsRead).toBe(2);
  });
});
