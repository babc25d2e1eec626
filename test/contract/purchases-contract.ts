import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LocalKeyJwsSigner } from '../../shared/adapters/memory/tickets';
import { docketClaims, signDocket } from '../../shared/domain/purchases/docket';
import type { PurchaseStore } from '../../shared/domain/purchases/ports';
import {
  settlementReversalIdFor,
  type PurchaseRecord,
  type PurchaseRefund,
  type PurchaseSettlement,
} from '../../shared/domain/purchases/purchase';
import { ownedListContract } from './owned-list-contract';
import { purchaseClaimsContract } from './purchase-claims-contract';

/**
 * One behaviour suite for every PurchaseStore (in memory and DynamoDB): records and their
 * conditional status changes. (The index of authorized purchases that the recovery sweep
 * reads has its own tests.) Every test uses purchase ids of its own, and customer ids of its
 * own where it lists a customer's purchases.
 */
export const purchaseStoreContract = (name: string, makeStore: () => Promise<PurchaseStore>) =>
  describe(`purchase store contract: ${name}`, () => {
    const purchase = (overrides: Partial<PurchaseRecord> = {}): PurchaseRecord => ({
      id: `pur_${randomUUID()}`,
      customerId: 'cus-alice',
      offerId: 'ofr-1',
      providerId: 'prv-camera',
      resource: 'server-1/stream-7',
      route: 'carrier',
      payerAccountId: 'carrier:cus-alice:JPY',
      agentId: 'agt-carrier',
      amountMinor: 1_000,
      currency: 'JPY',
      platformFeeBps: 1_000,
      carrierFeeBps: 500,
      holdTransferId: `trf_${randomUUID()}`,
      holdExpiresAt: '2026-11-23T02:13:00.000Z',
      ticketId: `tkt_${randomUUID()}`,
      status: 'authorized',
      createdAt: '2026-11-22T02:13:00.000Z',
      ...overrides,
    });
    const settlement: PurchaseSettlement = {
      settledAt: '2026-11-22T02:13:05.000Z',
      split: { grossMinor: 1_000, providerNetMinor: 850, platformFeeMinor: 100, carrierFeeMinor: 50 },
      legs: [
        {
          kind: 'post',
          transferId: 'trf-post',
          debitAccountId: 'carrier:cus-alice:JPY',
          creditAccountId: 'revenue',
          amountMinor: 1_000,
        },
      ],
      docketId: 'dkt-1',
      docket: 'header.payload.signature',
    };
    const refund: PurchaseRefund = {
      refundedAt: '2026-11-22T03:00:00.000Z',
      refundedBy: 'operator:op-1',
      transferIds: ['trf-r'],
    };

    it('stores a purchase and reads it back; a repeated create answers the first one written', async () => {
      // Prepare
      const store = await makeStore();
      const first = purchase();

      // Act
      const created = await store.create(first);
      const repeat = await store.create({ ...first, offerId: 'ofr-other', amountMinor: 5 });
      const unknown = await store.get(`pur_${randomUUID()}`);

      // Assess
      expect(created).toEqual(first);
      expect(repeat).toEqual(first);
      expect(await store.get(first.id)).toEqual(first);
      expect(unknown).toBeUndefined();
    });

    it('moves authorized to settled once, with the settlement; a second change from authorized is refused', async () => {
      // Prepare
      const store = await makeStore();
      const record = purchase();
      await store.create(record);

      // Act
      const settled = await store.markSettled(record, settlement);
      const rejectedAfter = await store.markRejected(record.id, {
        reasonCode: 'PENDING_TRANSFER_EXPIRED',
        detail: 'The hold expired.',
        rejectedAt: '2026-11-22T02:14:00.000Z',
      });
      const settledAgain = await store.markSettled(record, { ...settlement, docketId: 'dkt-2' });

      // Assess
      expect([settled, rejectedAfter, settledAgain]).toEqual([true, false, false]);
      expect(await store.get(record.id)).toEqual({ ...record, status: 'settled', settlement });
    });

    it('lets exactly one of a concurrent settlement and rejection win', async () => {
      // Prepare
      const store = await makeStore();
      const record = purchase();
      await store.create(record);
      const rejection = {
        reasonCode: 'PENDING_TRANSFER_EXPIRED' as const,
        detail: 'Expired.',
        rejectedAt: '2026-11-22T02:14:00.000Z',
      };

      // Act
      const answers = await Promise.all([
        store.markSettled(record, settlement),
        store.markRejected(record.id, rejection),
        store.markSettled(record, settlement),
        store.markRejected(record.id, rejection),
      ]);

      // Assess
      expect(answers.filter(Boolean)).toHaveLength(1);
      const settledWon = answers[0] === true || answers[2] === true;
      expect(await store.get(record.id)).toEqual(
        settledWon ? { ...record, status: 'settled', settlement } : { ...record, status: 'rejected', rejection },
      );
    });

    it('refunds only from the statuses named, with the refund', async () => {
      // Prepare
      const store = await makeStore();
      const record = purchase();
      await store.create(record);
      await store.markSettled(record, settlement);

      // Act
      const fromAuthorizedOnly = await store.markRefunded(record, ['authorized'], refund);
      const fromSettled = await store.markRefunded(record, ['authorized', 'settled'], refund);
      const again = await store.markRefunded(record, ['authorized', 'settled'], { ...refund, transferIds: [] });

      // Assess
      expect([fromAuthorizedOnly, fromSettled, again]).toEqual([false, true, false]);
      expect(await store.get(record.id)).toEqual({ ...record, status: 'refunded', settlement, refund });
    });

    it('records a settlement beside the refund that overtook it, once; not beside a refund that voided the hold', async () => {
      // Prepare
      const store = await makeStore();
      const overtaken = purchase();
      const voided = purchase();
      const rejected = purchase();
      await Promise.all([store.create(overtaken), store.create(voided), store.create(rejected)]);
      const reversal = { ...refund, transferIds: [settlementReversalIdFor(overtaken.id), 'trf-r2'] };
      await store.markRefunded(overtaken, ['authorized'], reversal);
      await store.markRefunded(voided, ['authorized'], refund);
      await store.markRejected(rejected.id, {
        reasonCode: 'PENDING_TRANSFER_EXPIRED',
        detail: 'Expired.',
        rejectedAt: refund.refundedAt,
      });

      // Act
      const concurrent = await Promise.all([store.markSettled(overtaken, settlement), store.markSettled(overtaken, settlement)]);
      const again = await store.markSettled(overtaken, { ...settlement, docketId: 'dkt-2' });
      const beside = await store.markSettled(voided, settlement);
      const afterRejection = await store.markSettled(rejected, settlement);

      // Assess
      expect(concurrent.filter(Boolean)).toHaveLength(1);
      expect([again, beside, afterRejection]).toEqual([false, false, false]);
      expect(await store.get(overtaken.id)).toEqual({ ...overtaken, status: 'refunded', refund: reversal, settlement });
      expect(await store.get(voided.id)).toEqual({ ...voided, status: 'refunded', refund });
      expect((await store.get(rejected.id))?.settlement).toBeUndefined();
    });

    it('keeps the first attention flag, beside any status', async () => {
      // Prepare
      const store = await makeStore();
      const record = purchase();
      await store.create(record);
      const attention = {
        reason: 'SETTLEMENT_RETRIES_EXHAUSTED' as const,
        detail: 'boom',
        at: '2026-11-22T02:20:00.000Z',
        messageId: 'msg-1',
      };

      // Act
      await store.markAttention(record.id, attention);
      await store.markAttention(record.id, { ...attention, messageId: 'msg-2' });
      const settled = await store.markSettled(record, settlement);

      // Assess
      expect(settled).toBe(true);
      expect(await store.get(record.id)).toEqual({ ...record, status: 'settled', settlement, attention });
    });

    it('replaces a docket once: concurrent replacements of the docket read all answer the first stored, a stale one the stored one', async () => {
      // Prepare: a docket the store keeps compacted (signed over the purchase's own claims) and one it keeps whole.
      const store = await makeStore();
      const [first, second] = [new LocalKeyJwsSigner(), new LocalKeyJwsSigner()];
      const signed = (record: PurchaseRecord, signer: LocalKeyJwsSigner) =>
        signDocket(
          signer,
          docketClaims({
            issuer: 'https://kippu.test',
            subject: 'sub-1',
            docketId: settlement.docketId,
            purchase: record,
            split: settlement.split,
            legs: settlement.legs,
            settledAt: settlement.settledAt,
          }),
        );
      const compacted = purchase();
      const whole = purchase();
      const cases = [
        {
          record: compacted,
          docket: await signed(compacted, first),
          replacements: [await signed(compacted, second), await signed(compacted, first)],
        },
        { record: whole, docket: settlement.docket, replacements: ['h2.p2.s2', 'h3.p3.s3'] },
      ];

      for (const { record, docket, replacements } of cases) {
        await store.create(record);
        await store.markSettled(record, { ...settlement, docket });
        const read = await store.get(record.id);
        if (read === undefined) throw new Error('the settled purchase is stored');

        // Act
        const answers = await Promise.all(replacements.map((replacement) => store.replaceDocket(read, replacement)));
        const stale = await store.replaceDocket(read, 'h4.p4.s4');

        // Assess
        const stored = (await store.get(record.id))?.settlement?.docket;
        expect(read.settlement?.docket).toBe(docket);
        expect(replacements).toContain(stored);
        expect(answers).toEqual([stored, stored]);
        expect(stale).toBe(stored);
        expect(await store.get(record.id)).toEqual({
          ...record,
          status: 'settled',
          settlement: { ...settlement, docket: stored },
        });
      }
    });

    it('changes nothing for a purchase that does not exist', async () => {
      // Prepare
      const store = await makeStore();
      const id = `pur_${randomUUID()}`;

      // Act
      const answers = await Promise.all([
        store.markSettled(purchase({ id }), settlement),
        store.markRejected(id, { reasonCode: 'PENDING_TRANSFER_EXPIRED', detail: 'x', rejectedAt: '2026-11-22T02:14:00.000Z' }),
        store.markRefunded(purchase({ id }), ['authorized', 'settled'], refund),
      ]);
      await store.markAttention(id, { reason: 'SETTLEMENT_MESSAGE_MALFORMED', detail: 'x', at: 'x', messageId: 'm' });

      // Assess
      expect(answers).toEqual([false, false, false]);
      expect(await store.get(id)).toBeUndefined();
    });

    purchaseClaimsContract(makeStore, (id) => purchase({ id }));

    describe("a customer's purchases", () => {
      ownedListContract({
        make: async () => {
          const store = await makeStore();
          const seeded = new Map<string, PurchaseRecord>();
          return {
            list: (query) => store.listByCustomer(query),
            seed: async (customerId, count) => {
              const records = Array.from({ length: count }, (_, index) =>
                purchase({
                  customerId,
                  createdAt: new Date(Date.parse('2026-11-22T02:13:00.000Z') + index * 1_000).toISOString(),
                }),
              );
              for (const record of records) {
                await store.create(record);
                seeded.set(record.id, record);
              }
              return records.map((record) => record.id);
            },
            change: async (id) => {
              expect(await store.markSettled(seeded.get(id) ?? purchase({ id }), settlement)).toBe(true);
            },
          };
        },
        changedStatus: 'settled',
        customerId: (name) => `cus-${name}-${randomUUID()}`,
      });
    });
  });
