import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TicketStore } from '../../shared/domain/tickets/ports';
import type { TicketRecord } from '../../shared/domain/tickets/ticket';

/** An active ticket record of its own id, as the contract (and the store tests beside it) write one. */
export const ticketRecord = (overrides: Partial<TicketRecord> = {}): TicketRecord => ({
  id: `tkt_${randomUUID()}`,
  providerId: 'prv-camera',
  holderId: 'cus-alice',
  subject: `sub_${randomUUID()}`,
  resource: 'server-1/stream-7',
  capabilities: ['image', 'voice'],
  issuedAt: '2026-11-22T02:13:00.000Z',
  notBefore: '2026-11-22T02:13:00.000Z',
  expiresAt: '2026-11-22T03:13:00.000Z',
  status: 'active',
  keyId: 'kid-1',
  token: 'header.payload.signature',
  issuedBy: 'operator:op-1',
  ...overrides,
});

/**
 * One behaviour suite for every TicketStore (in memory and DynamoDB), so the fake the unit
 * tests use cannot drift from the real one. `makeStore` may share one store across tests:
 * every test uses ids of its own.
 */
export const ticketStoreContract = (name: string, makeStore: () => Promise<TicketStore>) =>
  describe(`ticket store contract: ${name}`, () => {
    const ticket = ticketRecord;

    it('stores a new ticket and reads it back as it was written', async () => {
      // Prepare
      const store = await makeStore();
      const record = ticket({ maxUses: 3, maxSeconds: 600, otp: true });

      // Act
      const created = await store.create(record);
      const read = await store.get(record.id);

      // Assess
      expect(created).toEqual({ created: true, record });
      expect(read).toEqual(record);
    });

    it('keeps the first ticket written with an id: a repeated create answers the stored one', async () => {
      // Prepare
      const store = await makeStore();
      const first = ticket();
      await store.create(first);

      // Act
      const repeat = await store.create({ ...first, token: 'another.token.entirely', resource: 'server-2/stream-1' });

      // Assess
      expect(repeat).toEqual({ created: false, record: first });
      expect(await store.get(first.id)).toEqual(first);
    });

    it('lets exactly one of concurrent creates with one id win, and answers every one with the winner', async () => {
      // Prepare
      const store = await makeStore();
      const id = `tkt_${randomUUID()}`;
      const attempts = Array.from({ length: 8 }, (_, index) => ticket({ id, token: `token-${index}` }));

      // Act
      const answers = await Promise.all(attempts.map((attempt) => store.create(attempt)));

      // Assess
      expect(answers.filter((answer) => answer.created)).toHaveLength(1);
      const stored = await store.get(id);
      expect(answers.map((answer) => answer.record)).toEqual(attempts.map(() => stored));
    });

    it('answers undefined for a ticket that does not exist, when reading and when revoking', async () => {
      // Prepare
      const store = await makeStore();
      const id = `tkt_${randomUUID()}`;

      // Act
      const read = await store.get(id);
      const revoked = await store.revoke(id, '2026-11-22T02:20:00.000Z');

      // Assess
      expect(read).toBeUndefined();
      expect(revoked).toBeUndefined();
      expect(await store.get(id)).toBeUndefined();
    });

    it('revokes an active ticket once: a second revoke keeps the first time', async () => {
      // Prepare
      const store = await makeStore();
      const record = ticket();
      await store.create(record);

      // Act
      const first = await store.revoke(record.id, '2026-11-22T02:20:00.000Z');
      const second = await store.revoke(record.id, '2026-11-22T02:30:00.000Z');

      // Assess
      const revoked = { ...record, status: 'revoked', revokedAt: '2026-11-22T02:20:00.000Z' };
      expect(first).toEqual(revoked);
      expect(second).toEqual(revoked);
      expect(await store.get(record.id)).toEqual(revoked);
    });
  });
