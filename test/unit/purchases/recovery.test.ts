import { assert, describe, expect, it } from 'vitest';
import { makeHandler as makeRecoverHandler } from '../../../functions/purchase-recover/handler';
import { bucketStartOf, type DuePage } from '../../../shared/domain/due/ports';
import { LEDGER_DUE_LAYOUT } from '../../../shared/domain/ledger/keys';
import type { PendingHoldEntry, PendingHoldsIndex } from '../../../shared/domain/ledger/ports';
import { createPurchase } from '../../../shared/domain/purchases/create';
import { holdTransferIdFor, purchaseIdFor, purchaseView } from '../../../shared/domain/purchases/purchase';
import { refundPurchase } from '../../../shared/domain/purchases/refund';
import { recoverStrandedPurchases } from '../../../shared/domain/purchases/recover';
import type { PurchaseStore, SettlementQueue } from '../../../shared/domain/purchases/ports';
import { authorizeTicketRead } from '../../../shared/domain/tickets/issue';
import type { TicketStore } from '../../../shared/domain/tickets/ports';
import { randomIds } from '../../../shared/ids';
import { PURCHASE_DUE_SWEEP } from '../../../shared/limits';
import { TEST_BASE, recordingLogger } from '../../fixtures/handlers';
import { recordingMetrics } from '../../fixtures/metrics';
import { HOLD_TIMEOUT_SECONDS, makeWorld, worldRecoveryDeps, type World } from '../../fixtures/purchases-world';

const GRACE_SECONDS = 300;
const MINUTE_MS = LEDGER_DUE_LAYOUT.bucketSeconds * 1000;
const SETTLE_MS = PURCHASE_DUE_SWEEP.settleSeconds * 1000;
/** The sweep reads holds due by now − grace + the hold timeout: those placed by now − grace. */
const upToOf = (world: World): number => world.clock.now() + (HOLD_TIMEOUT_SECONDS - GRACE_SECONDS) * 1000;
/** The first bucket a sweep up to `upToMs` leaves open: its watermark when nothing holds it back. */
const firstOpenBucketOf = (upToMs: number): number =>
  bucketStartOf(LEDGER_DUE_LAYOUT, upToMs - SETTLE_MS - MINUTE_MS) + MINUTE_MS;

/** Fault injection: a settlement queue that is down, as a crash right before the enqueue would leave things. */
const unreachableQueue: SettlementQueue = {
  enqueue: async () => {
    throw new Error('injected: the settlement queue is unreachable');
  },
};

/** Fault injection: storing the purchase fails, as a crash after placing the hold and before storing the purchase would. */
const failingCreate = (store: PurchaseStore): PurchaseStore =>
  Object.assign(Object.create(store) as PurchaseStore, {
    create: async () => {
      throw new Error('injected: the purchase is never stored');
    },
  });

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
const strand = async (world: World, customerId: string, offerId: string, key = randomIds.next('key')): Promise<string> => {
  await expect(
    createPurchase(world.purchaseDeps(unreachableQueue), { role: 'customer', subject: customerId }, { offerId }, key),
  ).rejects.toThrow('injected');
  return purchaseIdFor(customerId, key);
};

const claimsOf = (token: string): unknown => JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));

/** Fault injection: storing the ticket fails, as a crash after storing the purchase and before storing its ticket would. */
const failingTicketCreate = (store: TicketStore): TicketStore =>
  Object.assign(Object.create(store) as TicketStore, {
    create: async () => {
      throw new Error('injected: the ticket is never stored');
    },
  });

/** A purchase whose request crashed after storing it and before storing its ticket (so before the enqueue too). */
const strandWithoutTicket = async (world: World, customerId: string, offerId: string, key = randomIds.next('key')) => {
  const base = world.purchaseDeps();
  const deps = { ...base, tickets: { ...base.tickets, ticketStore: failingTicketCreate(world.ticketStore) } };
  await expect(createPurchase(deps, { role: 'customer', subject: customerId }, { offerId }, key)).rejects.toThrow('injected');
  return purchaseIdFor(customerId, key);
};

/** A purchase request that crashed after placing its hold, before storing the purchase. */
const crashBeforeStoring = async (world: World, customerId: string, offerId: string, key = randomIds.next('key')) => {
  const deps = { ...world.purchaseDeps(), purchases: failingCreate(world.purchases) };
  await expect(createPurchase(deps, { role: 'customer', subject: customerId }, { offerId }, key)).rejects.toThrow('injected');
  return purchaseIdFor(customerId, key);
};

const recover = (world: World, holds: PendingHoldsIndex = world.holds, purchases: PurchaseStore = world.purchases) =>
  recoverStrandedPurchases(worldRecoveryDeps(world, GRACE_SECONDS, { holds, purchases }));

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

    // Assess: early, only the watermark is read; then its hold, the purchase and its ticket.
    expect(early.enqueued).toEqual([]);
    expect(early.itemsRead).toBe(1);
    expect(due.enqueued).toEqual([purchaseId]);
    expect(due.itemsRead).toBe(4);
    expect(world.queue.sent).toEqual([{ purchaseId }]);
  });

  it('the re-enqueued message settles the purchase, whose hold then leaves the index, and the purchase is not sent again', async () => {
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
    expect(world.queue.sent).toEqual([]);
  });

  it('a purchase the index still shows after it settled (a stale index entry) is read, not sent again, and does not hold the watermark', async () => {
    // Prepare: the hold's entry as the index showed it before the settlement, shown once more.
    const world = makeWorld();
    const { customer, offer } = await scene(world);
    const purchaseId = await strand(world, customer.id, offer.id);
    world.clock.advanceSeconds(GRACE_SECONDS + 1);
    const hold = await world.ledger.getTransfer(holdTransferIdFor(purchaseId));
    await recover(world);
    await world.deliverAll();
    const stale: PendingHoldEntry = {
      id: hold.id,
      code: hold.code ?? '',
      reference: hold.reference ?? '',
      recordedAtMs: Date.parse(hold.recordedAt),
      expiresAtMs: Date.parse(hold.expiresAt ?? ''),
    };
    const holdBucketMs = bucketStartOf(LEDGER_DUE_LAYOUT, stale.expiresAtMs);
    const lagging: PendingHoldsIndex = {
      layout: world.holds.layout,
      readWatermarkMs: () => world.holds.readWatermarkMs(),
      advanceWatermarkMs: (bucketStartMs) => world.holds.advanceWatermarkMs(bucketStartMs),
      queryBucket: async (bucketStartMs, shard, upToMs, limit): Promise<DuePage<PendingHoldEntry>> => {
        const page = await world.holds.queryBucket(bucketStartMs, shard, upToMs, limit);
        if (bucketStartMs !== holdBucketMs || shard !== 0) return page;
        return { ...page, entries: [...page.entries, stale], itemsRead: page.itemsRead + 1 };
      },
    };
    world.clock.advanceSeconds(PURCHASE_DUE_SWEEP.settleSeconds + 60);

    // Act
    const run = await recover(world, lagging);

    // Assess
    expect((await world.purchases.get(purchaseId))?.status).toBe('settled');
    expect(run.enqueued).toEqual([]);
    expect(run.itemsRead).toBe(3);
    expect(run.watermarkMs).toBeGreaterThan(holdBucketMs);
    expect(world.queue.sent).toEqual([]);
  });

  it('sends a message the worker rejects once the hold expired, and the ticket is revoked and listed', async () => {
    // Prepare: recovery sends the message after the grace; the worker gets to it after the hold expired.
    const world = makeWorld();
    const { provider, customer, offer } = await scene(world);
    const purchaseId = await strand(world, customer.id, offer.id);
    world.clock.advanceSeconds(GRACE_SECONDS + 1);
    const run = await recover(world);
    world.clock.advanceSeconds(HOLD_TIMEOUT_SECONDS);
    await world.ledger.expireDue({ limit: 10 });

    // Act
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

  it('while a purchase stays authorized every run sends its message again and the watermark waits at its hold', async () => {
    // Prepare
    const world = makeWorld();
    const { customer, offer } = await scene(world);
    const purchaseId = await strand(world, customer.id, offer.id);
    world.clock.advanceSeconds(30 * 60);

    // Act
    const first = await recover(world);
    const second = await recover(world);

    // Assess
    expect(first.enqueued).toEqual([purchaseId]);
    expect(second.enqueued).toEqual([purchaseId]);
    const hold = await world.ledger.getTransfer(holdTransferIdFor(purchaseId));
    expect(second.watermarkMs).toBe(bucketStartOf(LEDGER_DUE_LAYOUT, Date.parse(hold.expiresAt ?? '')));
  });

  it('a request that crashed after its hold and before storing the purchase is skipped, and its hold does not hold the watermark', async () => {
    // Prepare
    const world = makeWorld();
    const { customer, offer } = await scene(world);
    const purchaseId = await crashBeforeStoring(world, customer.id, offer.id);
    const hold = await world.ledger.getTransfer(holdTransferIdFor(purchaseId));
    world.clock.advanceSeconds(GRACE_SECONDS + PURCHASE_DUE_SWEEP.settleSeconds + 60);

    // Act
    const run = await recover(world);

    // Assess: the hold and the purchase (none) are read, nothing is sent; the ledger's sweeper expires the hold.
    expect(hold.state).toBe('pending');
    expect(await world.purchases.get(purchaseId)).toBeUndefined();
    expect(run.enqueued).toEqual([]);
    expect(run.awaitingOperator).toEqual([]);
    expect(run.itemsRead).toBe(3);
    expect(run.watermarkMs).toBeGreaterThan(Date.parse(hold.expiresAt ?? ''));
    expect(world.queue.sent).toEqual([]);
  });

  it('a purchase whose first request crashed after its hold and whose retry crashed before the enqueue is recovered', async () => {
    // Prepare: the retry adopts the hold the first attempt placed, within the grace.
    const world = makeWorld();
    const { customer, offer } = await scene(world);
    const key = randomIds.next('key');
    await crashBeforeStoring(world, customer.id, offer.id, key);
    world.clock.advanceSeconds(60);
    const purchaseId = await strand(world, customer.id, offer.id, key);
    world.clock.advanceSeconds(GRACE_SECONDS);

    // Act
    const run = await recover(world);

    // Assess
    expect(run.enqueued).toEqual([purchaseId]);
    expect(world.queue.sent).toEqual([{ purchaseId }]);
  });

  it("holds that are not a purchase's (an operator's hold naming a purchase as its reference) are read but no purchase is", async () => {
    // Prepare
    const world = makeWorld();
    const { provider, customer, offer } = await scene(world, 2);
    const purchaseId = await strand(world, customer.id, offer.id);
    await world.ledger.createTransfers([
      {
        action: 'create',
        id: 'operator-hold',
        debitAccountId: world.accounts.wallet(customer.id),
        creditAccountId: world.accounts.revenue(provider.id),
        amountMinor: 1_000,
        currency: 'JPY',
        reference: purchaseId,
        timeoutSeconds: HOLD_TIMEOUT_SECONDS,
      },
    ]);
    world.clock.advanceSeconds(GRACE_SECONDS + 1);

    // Act
    const run = await recover(world);

    // Assess: the watermark, two holds, one purchase and its ticket.
    expect(run.enqueued).toEqual([purchaseId]);
    expect(run.itemsRead).toBe(5);
  });

  it('the watermark passes closed buckets without purchase holds, so the next run walks only the recent ones', async () => {
    // Prepare
    const world = makeWorld();

    // Act
    const first = await recover(world);
    const second = await recover(world);

    // Assess: the first run looks back the hold timeout and PURCHASE_DUE_SWEEP.lookbackBuckets more.
    const upToMs = upToOf(world);
    const timeoutBuckets = HOLD_TIMEOUT_SECONDS / LEDGER_DUE_LAYOUT.bucketSeconds;
    expect(first.bucketsWalked).toBe(PURCHASE_DUE_SWEEP.lookbackBuckets + timeoutBuckets + 1);
    expect(first.watermarkMs).toBe(firstOpenBucketOf(upToMs));
    expect(second.bucketsWalked).toBe((bucketStartOf(LEDGER_DUE_LAYOUT, upToMs) - first.watermarkMs) / MINUTE_MS + 1);
    expect(second.itemsRead).toBe(1);
  });

  it('the first run looks back the hold timeout and PURCHASE_DUE_SWEEP.lookbackBuckets minutes more, and no further', async () => {
    // Prepare: an old stranded purchase whose hold expired long ago but that the ledger's sweeper never expired.
    const world = makeWorld();
    const { customer, offer } = await scene(world, 2);
    const old = await strand(world, customer.id, offer.id);
    world.clock.advanceSeconds(HOLD_TIMEOUT_SECONDS + (PURCHASE_DUE_SWEEP.lookbackBuckets + 5) * 60);
    const recent = await strand(world, customer.id, offer.id);
    world.clock.advanceSeconds(GRACE_SECONDS + 1);

    // Act
    const run = await recover(world);

    // Assess
    expect(run.enqueued).toEqual([recent]);
    expect(run.enqueued).not.toContain(old);
  });

  it('a run walks at most PURCHASE_DUE_SWEEP.bucketsPerSweepMax buckets and the next run carries on from there', async () => {
    // Prepare: a watermark left far behind (the schedule was off for days).
    const world = makeWorld();
    const { customer, offer } = await scene(world);
    const purchaseId = await strand(world, customer.id, offer.id);
    world.clock.advanceSeconds(GRACE_SECONDS + 1);
    const behindMs = bucketStartOf(LEDGER_DUE_LAYOUT, upToOf(world)) - (PURCHASE_DUE_SWEEP.bucketsPerSweepMax + 20) * MINUTE_MS;
    await world.holds.advanceWatermarkMs(behindMs);

    // Act
    const first = await recover(world);
    const second = await recover(world);

    // Assess
    expect(first.bucketsWalked).toBe(PURCHASE_DUE_SWEEP.bucketsPerSweepMax);
    expect(first.enqueued).toEqual([]);
    expect(first.behind).toBe(true);
    expect(first.watermarkMs).toBe(behindMs + PURCHASE_DUE_SWEEP.bucketsPerSweepMax * MINUTE_MS);
    expect(second.enqueued).toEqual([purchaseId]);
  });

  it('a run reads at most PURCHASE_DUE_SWEEP.itemsPerSweepMax index entries; the rest are sent by the next run', async () => {
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

    // Assess: the watermark, the index entries, their purchases and their tickets.
    expect(first.enqueued).toHaveLength(PURCHASE_DUE_SWEEP.itemsPerSweepMax);
    expect(first.itemsRead).toBe(1 + 3 * PURCHASE_DUE_SWEEP.itemsPerSweepMax);
    expect(first.behind).toBe(true);
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
    world.clock.advanceSeconds(30 * 60);

    // Act
    const run = await recover(world);

    // Assess
    const hold = await world.ledger.getTransfer(holdTransferIdFor(purchaseId));
    expect(hold.state).toBe('pending');
    expect(run.enqueued).toEqual([]);
    expect(run.awaitingOperator).toEqual([purchaseId]);
    expect(run.oldestAuthorizedAgeSeconds).toBe(30 * 60);
    expect(run.watermarkMs).toBeGreaterThan(Date.parse(hold.expiresAt ?? ''));
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

    // Assess: the watermark, the stranded purchase's hold, the purchase and its ticket.
    expect(run.enqueued).toEqual([stranded]);
    expect(run.itemsRead).toBe(4);
  });
  it('a purchase whose request crashed before storing its ticket gets the ticket before its settlement is sent, and settles once', async () => {
    // Prepare
    const world = makeWorld();
    const { provider, customer, offer } = await scene(world);
    const purchaseId = await strandWithoutTicket(world, customer.id, offer.id);
    const stranded = await world.purchases.get(purchaseId);
    expect(await world.ticketStore.get(stranded?.ticketId ?? '')).toBeUndefined();
    world.clock.advanceSeconds(GRACE_SECONDS + 1);

    // Act
    const run = await recover(world);
    const failed = await world.deliverAll();
    const again = await recover(world);
    await world.deliverAll();

    // Assess: the ticket the resumed request would have issued, readable by its customer; one settlement.
    expect(run.ticketsIssued).toEqual([purchaseId]);
    expect(run.enqueued).toEqual([purchaseId]);
    expect(failed).toEqual([]);
    const ticket = authorizeTicketRead(
      { role: 'customer', subject: customer.id },
      await world.ticketStore.get(stranded?.ticketId ?? ''),
      stranded?.ticketId ?? '',
    );
    expect(ticket).toMatchObject({ status: 'active', holderId: customer.id, providerId: provider.id, resource: offer.resource });
    expect(claimsOf(ticket.token)).toMatchObject({ jti: stranded?.ticketId, pur: purchaseId, txn: stranded?.holdTransferId });
    expect((await world.purchases.get(purchaseId))?.status).toBe('settled');
    expect(again.enqueued).toEqual([]);
    expect(again.ticketsIssued).toEqual([]);
    expect(await world.posted(world.accounts.wallet(customer.id))).toBe(0);
    expect(await world.posted(world.accounts.revenue(provider.id))).toBe(900);
    expect(await world.posted(world.accounts.platform())).toBe(100);
  });

  it('a retry of the request racing the repair and the repair store one ticket between them, and the retry answers it', async () => {
    // Prepare: the repair reads the ticket missing; the client's retry runs to the end before the repair stores its ticket.
    const world = makeWorld();
    const { customer, offer } = await scene(world);
    const key = randomIds.next('key');
    const purchaseId = await strandWithoutTicket(world, customer.id, offer.id, key);
    world.clock.advanceSeconds(GRACE_SECONDS + 1);
    let retried: Awaited<ReturnType<World['buy']>> | undefined;
    const racingStore = Object.assign(Object.create(world.ticketStore) as TicketStore, {
      create: async (record: Parameters<TicketStore['create']>[0]) => {
        retried ??= await world.buy(customer.id, { offerId: offer.id }, key);
        return world.ticketStore.create(record);
      },
    });

    // Act
    const run = await recoverStrandedPurchases(
      worldRecoveryDeps(world, GRACE_SECONDS, { tickets: { ...world.tickets, ticketStore: racingStore } }),
    );
    const failed = await world.deliverAll();

    // Assess: one ticket, the retry's; the purchase settled once.
    const stored = await world.ticketStore.get(retried?.purchase.ticketId ?? '');
    expect(run.enqueued).toEqual([purchaseId]);
    expect(failed).toEqual([]);
    expect(stored?.token).toBe(retried?.ticket?.token);
    expect(world.metrics.points.filter((point) => point.name === 'TicketsIssued')).toHaveLength(1);
    expect((await world.purchases.get(purchaseId))?.status).toBe('settled');
    expect(await world.posted(world.accounts.wallet(customer.id))).toBe(0);
  });

  it('a purchase whose missing ticket cannot be issued (its device was deleted) is not sent, so nothing is charged', async () => {
    // Prepare: a device-bound purchase stranded without its ticket, whose device is gone by the time recovery runs.
    const world = makeWorld();
    const { customer, offer } = await scene(world);
    const purchaseId = await strandWithoutTicket(world, customer.id, offer.id);
    const stranded = await world.purchases.get(purchaseId);
    const deviceLess = Object.assign(Object.create(world.purchases) as PurchaseStore, {
      get: async (id: string) => {
        const purchase = await world.purchases.get(id);
        return purchase === undefined ? undefined : { ...purchase, deviceId: 'dev_gone' };
      },
    });
    world.clock.advanceSeconds(GRACE_SECONDS + 1);

    // Act
    const run = await recover(world, world.holds, deviceLess);

    // Assess
    expect(run.enqueued).toEqual([]);
    expect(run.ticketsRefused).toEqual([{ purchaseId, code: 'DEVICE_NOT_FOUND' }]);
    expect(world.queue.sent).toEqual([]);
    expect(await world.ticketStore.get(stranded?.ticketId ?? '')).toBeUndefined();
    expect(await world.posted(world.accounts.wallet(customer.id))).toBe(1_000);
    expect((await world.ledger.getTransfer(holdTransferIdFor(purchaseId))).state).toBe('pending');
  });

  it('purchase-recover counts a purchase whose missing ticket it cannot issue (PurchaseTicketUnissuable) and logs it; after its hold expires it still answers authorized until an operator refunds it, nothing charged', async () => {
    // Prepare: as above, a device-bound purchase stranded without its ticket whose device is gone.
    const world = makeWorld();
    const { customer, offer } = await scene(world);
    const purchaseId = await strandWithoutTicket(world, customer.id, offer.id);
    const deviceLess = Object.assign(Object.create(world.purchases) as PurchaseStore, {
      get: async (id: string) => {
        const purchase = await world.purchases.get(id);
        return purchase === undefined ? undefined : { ...purchase, deviceId: 'dev_gone' };
      },
    });
    const metrics = recordingMetrics();
    const logger = recordingLogger();
    const recoverRun = makeRecoverHandler({
      ...TEST_BASE,
      logger,
      metrics,
      ...worldRecoveryDeps(world, GRACE_SECONDS, { purchases: deviceLess }),
    });
    world.clock.advanceSeconds(GRACE_SECONDS + 1);

    // Act
    await recoverRun();
    const counted = metrics.points.filter((point) => point.name === 'PurchaseTicketUnissuable');
    world.clock.advanceSeconds(HOLD_TIMEOUT_SECONDS);
    await world.ledger.expireDue({ limit: 100 });
    metrics.points.length = 0;
    await recoverRun();
    const afterExpiry = await world.purchases.get(purchaseId);

    // Assess
    expect(counted).toEqual([{ name: 'PurchaseTicketUnissuable', value: 1, dimensions: {} }]);
    expect(logger.lines.filter((line) => line.level === 'error')).toEqual([
      {
        level: 'error',
        message: 'missing purchase tickets refused',
        fields: { purchases: [{ purchaseId, code: 'DEVICE_NOT_FOUND' }] },
      },
    ]);
    expect(metrics.points).toContainEqual({ name: 'PurchaseTicketUnissuable', value: 0, dimensions: {} });
    expect(world.queue.sent).toEqual([]);
    expect((await world.ledger.getTransfer(holdTransferIdFor(purchaseId))).state).toBe('expired');
    expect(await world.posted(world.accounts.wallet(customer.id))).toBe(1_000);
    expect(afterExpiry?.status).toBe('authorized');
    expect(
      purchaseView({ role: 'customer', subject: customer.id }, await world.served(afterExpiry ?? assert.fail())),
    ).toMatchObject({
      status: 'authorized',
      hold: { transferId: holdTransferIdFor(purchaseId) },
    });
    expect(await world.ticketStore.get(afterExpiry?.ticketId ?? '')).toBeUndefined();
    const refunded = await refundPurchase(world.refundDeps, { role: 'operator', subject: 'op' }, purchaseId).then(
      (purchase) => purchase.status,
      (error: unknown) => String(error),
    );
    // The operator's way to close it (docs/operations.md): a refund, which moves no money.
    expect(refunded).toBe('refunded');
    expect(await world.posted(world.accounts.wallet(customer.id))).toBe(1_000);
    expect(await world.pending(world.accounts.wallet(customer.id))).toBe(0);
  });
});
