import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvariantViolationError } from '../../shared/errors';
import type { RevocationStore } from '../../shared/domain/revocations/ports';
import { REVOCATION_APPEND_BATCH_MAX, REVOCATION_VERSION_MAX } from '../../shared/limits';

/**
 * One behaviour suite for every RevocationStore (in memory and DynamoDB). Ticket ids are
 * unique across providers (a store may key its once-per-ticket marker by the ticket alone),
 * so every test uses providers and tickets of its own.
 */
export const revocationStoreContract = (name: string, makeStore: () => Promise<RevocationStore>) =>
  describe(`revocation store contract: ${name}`, () => {
    const CONCURRENT_REVOCATIONS = 25;
    const revoke = async (
      store: RevocationStore,
      providerId: string,
      ticketId: string,
      revokedAt = '2026-11-22T02:20:00.000Z',
    ) => {
      const [entry] = await store.append([{ providerId, ticketId, revokedAt, reason: 'refunded' }]);
      if (entry === undefined) throw new Error(`no entry came back for ${ticketId}`);
      return entry;
    };
    const ticketIds = (count: number) => Array.from({ length: count }, () => `tkt_${randomUUID()}`);

    it('gives each provider its own versions 1, 2, 3 … and a repeat for a ticket its first entry', async () => {
      // Prepare
      const store = await makeStore();
      const [camera, radio] = [`prv_${randomUUID()}`, `prv_${randomUUID()}`];
      const [a, b, c] = [`tkt_${randomUUID()}`, `tkt_${randomUUID()}`, `tkt_${randomUUID()}`];

      // Act
      const first = await revoke(store, camera, a);
      const second = await revoke(store, camera, b);
      const otherProvider = await revoke(store, radio, c);
      const repeat = await revoke(store, camera, a, '2026-11-22T03:00:00.000Z');

      // Assess
      expect([first.version, second.version, otherProvider.version]).toEqual([1, 2, 1]);
      expect(repeat).toEqual(first);
      expect(first).toEqual({
        version: 1,
        providerId: camera,
        ticketId: a,
        revokedAt: '2026-11-22T02:20:00.000Z',
        reason: 'refunded',
      });
    });

    it('lists the entries after a version, at most a limit of them, with the latest version', async () => {
      // Prepare
      const store = await makeStore();
      const providerId = `prv_${randomUUID()}`;
      const tickets = ticketIds(4);
      for (const ticketId of tickets) await revoke(store, providerId, ticketId);

      // Act
      const page = await store.list(providerId, 1, 2);
      const rest = await store.list(providerId, 3, 10);
      const beyond = await store.list(providerId, 4, 10);
      const unknown = await store.list(`prv_${randomUUID()}`, 0, 10);

      // Assess
      expect(page.entries.map((entry) => [entry.version, entry.ticketId])).toEqual([
        [2, tickets[1]],
        [3, tickets[2]],
      ]);
      expect(page.latestVersion).toBe(4);
      expect(rest.entries.map((entry) => entry.version)).toEqual([4]);
      expect(beyond).toEqual({ entries: [], latestVersion: 4 });
      expect(unknown).toEqual({ entries: [], latestVersion: 0 });
    });

    it('concurrent revocations for one provider get gap-free versions 1..N, one per ticket', async () => {
      // Prepare
      const store = await makeStore();
      const providerId = `prv_${randomUUID()}`;
      const tickets = ticketIds(CONCURRENT_REVOCATIONS);

      // Act: every ticket revoked twice, all at once.
      await Promise.all([...tickets, ...tickets].map((ticketId) => revoke(store, providerId, ticketId)));

      // Assess
      const list = await store.list(providerId, 0, 100);
      expect(list.latestVersion).toBe(CONCURRENT_REVOCATIONS);
      expect(list.entries.map((entry) => entry.version)).toEqual(
        Array.from({ length: CONCURRENT_REVOCATIONS }, (_, index) => index + 1),
      );
      expect(new Set(list.entries.map((entry) => entry.ticketId))).toEqual(new Set(tickets));
      expect((await store.list(providerId, 20, 100)).entries.map((entry) => entry.version)).toEqual([21, 22, 23, 24, 25]);
    });

    it('lists many tickets in one append, past one write of them, with consecutive versions in their order; a ticket listed before keeps its entry', async () => {
      // Prepare
      const store = await makeStore();
      const providerId = `prv_${randomUUID()}`;
      const earlier = await revoke(store, providerId, `tkt_${randomUUID()}`, '2026-11-22T01:00:00.000Z');
      const tickets = ticketIds(2 * REVOCATION_APPEND_BATCH_MAX + 3);
      const withEarlier = [...tickets.slice(0, 10), earlier.ticketId, ...tickets.slice(10)];

      // Act
      const entries = await store.append(
        withEarlier.map((ticketId) => ({
          providerId,
          ticketId,
          revokedAt: '2026-11-22T02:20:00.000Z',
          reason: 'cancelled' as const,
        })),
      );

      // Assess
      expect(entries.map((entry) => entry.ticketId)).toEqual(withEarlier);
      expect(entries[10]).toEqual(earlier);
      const fresh = entries.filter((entry) => entry.ticketId !== earlier.ticketId);
      expect(fresh.map((entry) => entry.version)).toEqual(tickets.map((_, index) => index + 2));
      expect(fresh.every((entry) => entry.reason === 'cancelled' && entry.revokedAt === '2026-11-22T02:20:00.000Z')).toBe(true);
      const listed = [];
      for (let since = 0, more = true; more;) {
        const page = await store.list(providerId, since, 40);
        listed.push(...page.entries);
        since = page.entries.at(-1)?.version ?? since;
        more = since < page.latestVersion;
      }
      expect(listed.map((entry) => entry.version)).toEqual(Array.from({ length: tickets.length + 1 }, (_, index) => index + 1));
      expect(listed.map((entry) => entry.ticketId)).toEqual([earlier.ticketId, ...tickets]);
      expect(await store.append([])).toEqual([]);
    });

    it('overlapping appends of many tickets racing single ones list each ticket once, gap-free', async () => {
      // Prepare
      const store = await makeStore();
      const providerId = `prv_${randomUUID()}`;
      const tickets = ticketIds(90);
      const batch = (from: number, to: number) =>
        store.append(
          tickets
            .slice(from, to)
            .map((ticketId) => ({ providerId, ticketId, revokedAt: '2026-11-22T02:20:00.000Z', reason: 'cancelled' as const })),
        );

      // Act: three batches over overlapping ranges, and every tenth ticket alone, all at once.
      const answers = await Promise.all([
        batch(0, 60),
        batch(30, 90),
        batch(15, 75),
        ...tickets.filter((_, index) => index % 10 === 0).map((ticketId) => revoke(store, providerId, ticketId)),
      ]);

      // Assess: whoever listed a ticket, every answer names its one entry.
      const list = await store.list(providerId, 0, 100);
      expect(list.latestVersion).toBe(tickets.length);
      expect(list.entries.map((entry) => entry.version)).toEqual(tickets.map((_, index) => index + 1));
      expect(new Set(list.entries.map((entry) => entry.ticketId))).toEqual(new Set(tickets));
      const byTicket = new Map(list.entries.map((entry) => [entry.ticketId, entry]));
      for (const entry of answers.flat()) expect(entry).toEqual(byTicket.get(entry.ticketId));
    });

    it('answers the largest version with nothing after it, and treats a larger one as a broken invariant', async () => {
      // Prepare
      const store = await makeStore();
      const providerId = `prv_${randomUUID()}`;
      await revoke(store, providerId, `tkt_${randomUUID()}`);

      // Act
      const atMax = await store.list(providerId, REVOCATION_VERSION_MAX, 10);
      const beyondMax = await store.list(providerId, REVOCATION_VERSION_MAX + 1, 10).catch((error: unknown) => error);

      // Assess
      expect(atMax).toEqual({ entries: [], latestVersion: 1 });
      expect(beyondMax).toBeInstanceOf(InvariantViolationError);
    });
  });
