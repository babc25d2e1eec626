import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { initialAllowance } from '../../shared/domain/rights/allowance';
import type {
  Allowance,
  AllowanceChange,
  AllowanceStore,
  IntakeStore,
  RedemptionRecord,
  UsageEvent,
  UsageLog,
} from '../../shared/domain/rights/ports';
import type { TicketStore } from '../../shared/domain/tickets/ports';
import type { TicketRecord } from '../../shared/domain/tickets/ticket';
import { derivedId } from '../../shared/ids';

/**
 * One behaviour suite for the usage-rights stores (allowances with their redemptions,
 * one-time passwords and usage log; the intake), run against the in-memory stores and
 * DynamoDB, so the fakes keep the real conditions and their order of precedence.
 */
export interface RightsStores {
  readonly tickets: TicketStore;
  readonly allowances: AllowanceStore & UsageLog;
  readonly intake: IntakeStore;
}

const token = () => randomBytes(6).toString('hex');
const NOW_MS = Date.parse('2030-01-01T00:00:00.000Z');
const at = (offsetSeconds = 0) => new Date(NOW_MS + offsetSeconds * 1000).toISOString();

export const ticketOf = (overrides: Partial<TicketRecord> = {}): TicketRecord => ({
  id: derivedId('tkt', token()),
  providerId: 'prv-contract',
  holderId: derivedId('cus', token()),
  subject: 'sub_contract',
  resource: 'server-1/stream-7',
  capabilities: ['view'],
  issuedAt: at(),
  notBefore: at(),
  expiresAt: at(86_400),
  status: 'active',
  keyId: 'kid',
  token: 'header.payload.signature',
  maxUses: 5,
  maxSeconds: 1_000,
  issuedBy: 'provider:prv-contract',
  ...overrides,
});

const redemptionOf = (ticket: TicketRecord, overrides: Partial<RedemptionRecord> = {}): RedemptionRecord => ({
  id: derivedId('rdm', ticket.id, token()),
  ticketId: ticket.id,
  nonce: token(),
  providerId: ticket.providerId,
  holderId: ticket.holderId,
  uses: 1,
  status: 'redeemed',
  remaining: { uses: 4 },
  createdAt: at(),
  retainUntilMs: NOW_MS + 86_400_000,
  ...overrides,
});

const eventOf = (ticket: TicketRecord, offsetSeconds: number, overrides: Partial<UsageEvent> = {}): UsageEvent => ({
  id: derivedId('use', token()),
  kind: 'redeem',
  at: at(offsetSeconds),
  ticketId: ticket.id,
  providerId: ticket.providerId,
  holderId: ticket.holderId,
  subject: ticket.subject,
  ...overrides,
});

const changeOf = (
  ticket: TicketRecord,
  from: Allowance,
  next: Partial<Allowance>,
  extra: Partial<AllowanceChange> = {},
): AllowanceChange => ({
  ticketId: ticket.id,
  expectedVersion: from.version,
  requireActive: true,
  next: { ...from, version: from.version + 1, ...next },
  event: eventOf(ticket, 0),
  ...extra,
});

export const rightsContract = (name: string, makeStores: () => Promise<RightsStores>) => {
  describe(`usage-rights stores (${name})`, () => {
    it('start a ticket at the allowance of its claims and apply a change only at the version read', async () => {
      const { tickets, allowances } = await makeStores();
      const ticket = ticketOf();
      await tickets.create(ticket);
      const initial = (await allowances.read(ticket.id))?.allowance;
      if (initial === undefined) throw new Error('no allowance');

      const first = await allowances.commit(changeOf(ticket, initial, { usesLeft: 4 }));
      const stale = await allowances.commit(changeOf(ticket, initial, { usesLeft: 3 }));

      expect(initial).toEqual(initialAllowance(ticket));
      expect([first, stale]).toEqual(['committed', 'stale']);
      expect((await allowances.read(ticket.id))?.allowance).toEqual({
        version: 1,
        usesLeft: 4,
        secondsLeft: 1_000,
        secondsReserved: 0,
      });
      expect(await tickets.get(ticket.id)).toEqual(ticket);
    });

    it('let exactly one of concurrent changes at the same version through', async () => {
      const { tickets, allowances } = await makeStores();
      const ticket = ticketOf();
      await tickets.create(ticket);
      const from = initialAllowance(ticket);

      const outcomes = await Promise.all(
        Array.from({ length: 8 }, () => allowances.commit(changeOf(ticket, from, { usesLeft: 4 }))),
      );

      expect(outcomes.filter((outcome) => outcome === 'committed')).toHaveLength(1);
      expect(new Set(outcomes.filter((outcome) => outcome !== 'committed'))).toEqual(new Set(['stale']));
    });

    it('apply concurrent redeem debits to the allowance as stored, whatever version they read, while enough is left', async () => {
      const { tickets, allowances } = await makeStores();
      const ticket = ticketOf();
      await tickets.create(ticket);
      const initial = initialAllowance(ticket);
      const debit = (uses: number, seconds: number, from: Allowance = initial) =>
        changeOf(
          ticket,
          from,
          { usesLeft: (from.usesLeft ?? 0) - uses, secondsLeft: (from.secondsLeft ?? 0) - seconds },
          { debit: { uses, seconds, initial } },
        );

      const tooMuch = await allowances.commit(debit(6, 0));
      const outcomes = await Promise.all(Array.from({ length: 8 }, () => allowances.commit(debit(1, 100))));
      const after = (await allowances.read(ticket.id))?.allowance;
      if (after === undefined) throw new Error('no allowance');
      // A change at the version read counts every debit that landed before it.
      const atVersion = await allowances.commit(changeOf(ticket, after, { secondsLeft: 600, secondsReserved: 400 }));

      expect(tooMuch).toBe('stale');
      expect(outcomes.filter((outcome) => outcome === 'committed')).toHaveLength(5);
      expect(outcomes.filter((outcome) => outcome !== 'committed')).toEqual(['stale', 'stale', 'stale']);
      expect(after).toEqual({ version: 5, usesLeft: 0, secondsLeft: 500, secondsReserved: 500 });
      expect(atVersion).toBe('committed');
      expect((await allowances.read(ticket.id))?.allowance).toEqual({
        version: 6,
        usesLeft: 0,
        secondsLeft: 600,
        secondsReserved: 400,
      });
    });

    it("refuse a redeem's debit once the ticket is revoked or transferred", async () => {
      const { tickets, allowances } = await makeStores();
      const ticket = ticketOf();
      const revoked = ticketOf({ status: 'revoked' });
      await tickets.create(ticket);
      await tickets.create(revoked);
      const debit = (of: TicketRecord, from: Allowance) =>
        changeOf(of, from, { usesLeft: (from.usesLeft ?? 0) - 1 }, { debit: { uses: 1, initial: initialAllowance(of) } });
      await allowances.commit(changeOf(ticket, initialAllowance(ticket), { transferredTo: 'tkt_next' }));
      const moved = (await allowances.read(ticket.id))?.allowance;
      if (moved === undefined) throw new Error('no allowance');

      const outcomes = [
        await allowances.commit(debit(ticket, moved)),
        await allowances.commit(debit(revoked, initialAllowance(revoked))),
      ];

      expect(outcomes).toEqual(['stale', 'stale']);
      expect((await allowances.read(revoked.id))?.allowance).toEqual(initialAllowance(revoked));
    });

    it('create a redemption once, naming it before anything else when it exists, and write nothing then', async () => {
      const { tickets, allowances } = await makeStores();
      const ticket = ticketOf();
      await tickets.create(ticket);
      const from = initialAllowance(ticket);
      const redemption = redemptionOf(ticket);

      const first = await allowances.commit(changeOf(ticket, from, { usesLeft: 4 }, { createRedemption: redemption }));
      const repeat = await allowances.commit(changeOf(ticket, from, { usesLeft: 4 }, { createRedemption: redemption }));

      expect([first, repeat]).toEqual(['committed', 'redemption_exists']);
      expect(await allowances.getRedemption(ticket.id, redemption.id)).toEqual(redemption);
      expect(await allowances.getRedemption(derivedId('tkt', token()), redemption.id)).toBeUndefined();
      expect((await allowances.read(ticket.id))?.allowance.version).toBe(1);
    });

    it('refuse a change that needs an active ticket once the ticket is revoked or transferred, but release seconds to it', async () => {
      const { tickets, allowances } = await makeStores();
      const ticket = ticketOf();
      await tickets.create(ticket);
      const moved = await allowances.commit(changeOf(ticket, initialAllowance(ticket), { transferredTo: 'tkt_next' }));
      const after = (await allowances.read(ticket.id))?.allowance;
      if (after === undefined) throw new Error('no allowance');

      const needsActive = await allowances.commit(changeOf(ticket, after, { usesLeft: 3 }));
      const release = await allowances.commit(changeOf(ticket, after, { secondsLeft: 1_000 }, { requireActive: false }));

      expect([moved, needsActive, release]).toEqual(['committed', 'stale', 'committed']);
      expect((await allowances.read(ticket.id))?.allowance.transferredTo).toBe('tkt_next');
    });

    it('keep reserved redemptions in the due index until they are closed, and close each once', async () => {
      const { tickets, allowances } = await makeStores();
      const ticket = ticketOf();
      await tickets.create(ticket);
      const reservation = redemptionOf(ticket, {
        status: 'reserved',
        seconds: 100,
        uses: undefined,
        reservationExpiresAtMs: NOW_MS + 600_000,
      });
      await allowances.commit(
        changeOf(ticket, initialAllowance(ticket), { secondsLeft: 900, secondsReserved: 100 }, { createRedemption: reservation }),
      );
      const bucket = Math.floor((NOW_MS + 600_000) / 600_000) * 600_000;

      const due = await allowances.reservationsDue.queryBucket(bucket, 0, NOW_MS + 600_000, 10);
      const notYet = await allowances.reservationsDue.queryBucket(bucket, 0, NOW_MS + 599_999, 10);
      const state = (await allowances.read(ticket.id))?.allowance;
      if (state === undefined) throw new Error('no allowance');
      const closed = { ...reservation, status: 'expired' as const, usedSeconds: 0, releasedSeconds: 100, closedAt: at(600) };
      const close = await allowances.commit(
        changeOf(ticket, state, { secondsLeft: 1_000, secondsReserved: 0 }, { requireActive: false, closeRedemption: closed }),
      );
      const again = await allowances.commit(
        changeOf(
          ticket,
          { ...state, version: state.version + 1 },
          { secondsLeft: 1_000 },
          { requireActive: false, closeRedemption: closed },
        ),
      );
      const afterClose = await allowances.reservationsDue.queryBucket(bucket, 0, NOW_MS + 600_000, 10);

      expect(due.entries).toEqual([{ id: reservation.id, ticketId: ticket.id }]);
      expect(notYet.entries).toEqual([]);
      expect([close, again]).toEqual(['committed', 'redemption_not_reserved']);
      expect(afterClose.entries).toEqual([]);
      expect(await allowances.getRedemption(ticket.id, reservation.id)).toEqual(closed);
    });

    it('close several reserved redemptions in one write with a log line each, and none when one of them is closed already', async () => {
      // Prepare: three reservations of 10 s
      const { tickets, allowances } = await makeStores();
      const ticket = ticketOf();
      await tickets.create(ticket);
      const reservations: RedemptionRecord[] = [];
      for (let index = 0; index < 3; index += 1) {
        const state = (await allowances.read(ticket.id))?.allowance;
        if (state === undefined) throw new Error('no allowance');
        const reservation = redemptionOf(ticket, {
          status: 'reserved',
          seconds: 10,
          uses: undefined,
          reservationExpiresAtMs: NOW_MS,
        });
        const reserved = state.secondsReserved + 10;
        await allowances.commit(
          changeOf(
            ticket,
            state,
            { secondsLeft: 1_000 - reserved, secondsReserved: reserved },
            { createRedemption: reservation },
          ),
        );
        reservations.push(reservation);
      }
      const expired = (redemption: RedemptionRecord): RedemptionRecord => ({
        ...redemption,
        status: 'expired',
        usedSeconds: 0,
        releasedSeconds: 10,
        closedAt: at(1),
      });
      const [first, second, third] = reservations.map(expired);
      if (first === undefined || second === undefined || third === undefined) throw new Error('three reservations');
      const read = async () => {
        const state = (await allowances.read(ticket.id))?.allowance;
        if (state === undefined) throw new Error('no allowance');
        return state;
      };
      const logged = (redemption: RedemptionRecord) =>
        eventOf(ticket, 1, { id: `use_${redemption.id}`, kind: 'expiry', redemptionId: redemption.id });

      // Act
      const both = await allowances.commit(
        changeOf(
          ticket,
          await read(),
          { secondsLeft: 990, secondsReserved: 10 },
          {
            requireActive: false,
            closeRedemptions: [first, second],
            event: logged(first),
            moreEvents: [logged(second)],
          },
        ),
      );
      const again = await allowances.commit(
        changeOf(
          ticket,
          await read(),
          { secondsLeft: 1_000, secondsReserved: 0 },
          {
            requireActive: false,
            closeRedemptions: [second, third],
            event: logged(second),
            moreEvents: [logged(third)],
          },
        ),
      );

      // Assess
      expect([both, again]).toEqual(['committed', 'redemption_not_reserved']);
      expect(await read()).toMatchObject({ secondsLeft: 990, secondsReserved: 10 });
      expect(await allowances.getRedemption(ticket.id, first.id)).toEqual(first);
      expect(await allowances.getRedemption(ticket.id, second.id)).toEqual(second);
      expect((await allowances.getRedemption(ticket.id, third.id))?.status).toBe('reserved');
      const page = await allowances.listByHolder(ticket.holderId, 10, undefined);
      expect(
        page.items
          .filter((event) => event.kind === 'expiry')
          .map((event) => event.redemptionId)
          .sort(),
      ).toEqual([first.id, second.id].sort());
    });

    it('page the lapsed reservations of a ticket by redemption id, however many, until none is left', async () => {
      // Prepare: 7 reservations lapsed by NOW_MS, one lapsing after it, one settled, one of another ticket
      const { tickets, allowances } = await makeStores();
      const ticket = ticketOf({ maxSeconds: 100_000 });
      const other = ticketOf({ maxSeconds: 100_000 });
      await tickets.create(ticket);
      await tickets.create(other);
      const reserve = async (of: TicketRecord, expiresInSeconds: number, status: RedemptionRecord['status'] = 'reserved') => {
        const redemption = redemptionOf(of, {
          status,
          seconds: 10,
          uses: undefined,
          reservationExpiresAtMs: NOW_MS + expiresInSeconds * 1000,
        });
        const state = (await allowances.read(of.id))?.allowance;
        if (state === undefined) throw new Error('no allowance');
        const reserved = state.secondsReserved + 10;
        expect(
          await allowances.commit(
            changeOf(of, state, { secondsLeft: 100_000 - reserved, secondsReserved: reserved }, { createRedemption: redemption }),
          ),
        ).toBe('committed');
        return redemption;
      };
      const lapsed: RedemptionRecord[] = [];
      for (let index = 0; index < 7; index += 1) lapsed.push(await reserve(ticket, -index));
      await reserve(ticket, 1);
      await reserve(ticket, -60, 'settled');
      await reserve(other, -60);

      // Act: pages of 3
      const pages = [];
      let after: string | undefined;
      do {
        const page = await allowances.lapsedReservations(ticket.id, NOW_MS, 3, after);
        pages.push(page.items.map((redemption) => redemption.id));
        expect(page.items.length).toBeLessThanOrEqual(3);
        after = page.after;
      } while (after !== undefined && pages.length < 10);
      const whole = await allowances.lapsedReservations(ticket.id, NOW_MS, 100);

      // Assess: each lapsed one once, in id order, nothing else; one page of 100 holds them all
      const ids = lapsed.map((redemption) => redemption.id).sort();
      expect(pages.flat()).toEqual(ids);
      expect(whole).toEqual({ items: expect.any(Array) });
      expect(whole.items.map((redemption) => redemption.id)).toEqual(ids);
      expect(whole.items.find((redemption) => redemption.id === lapsed[2]!.id)).toEqual(lapsed[2]);
    });

    it('consume a one-time password once, unexpired and of this ticket only', async () => {
      const { tickets, allowances } = await makeStores();
      const ticket = ticketOf();
      const other = ticketOf();
      await tickets.create(ticket);
      await tickets.create(other);
      await allowances.putPassword({
        ticketId: ticket.id,
        mode: 'once',
        passwordHash: 'hash-1',
        createdAt: at(),
        expiresAtMs: NOW_MS + 300_000,
        retainUntilMs: NOW_MS + 1e9,
      });
      const consume = (target: TicketRecord, version: number, nowMs: number) =>
        allowances.commit(
          changeOf(
            target,
            { ...initialAllowance(target), version },
            { usesLeft: 4 },
            { password: { mode: 'once', passwordHash: 'hash-1', nowMs } },
          ),
        );

      const late = await consume(ticket, 0, NOW_MS + 300_000);
      const foreign = await consume(other, 0, NOW_MS);
      const first = await consume(ticket, 0, NOW_MS);
      const second = await consume(ticket, 1, NOW_MS);

      expect([late, foreign, first, second]).toEqual(['password_invalid', 'password_invalid', 'committed', 'password_invalid']);
    });

    it("check a fixed password on every change without consuming it: the ticket's current one, unexpired", async () => {
      const { tickets, allowances } = await makeStores();
      const ticket = ticketOf({ fixedPassword: true });
      const other = ticketOf({ fixedPassword: true });
      await tickets.create(ticket);
      await tickets.create(other);
      const put = (passwordHash: string) =>
        allowances.putPassword({
          ticketId: ticket.id,
          mode: 'fixed',
          passwordHash,
          createdAt: at(),
          expiresAtMs: NOW_MS + 3_600_000,
          retainUntilMs: NOW_MS + 1e9,
        });
      const check = (target: TicketRecord, version: number, passwordHash: string, nowMs = NOW_MS) =>
        allowances.commit(
          changeOf(
            target,
            { ...initialAllowance(target), version },
            { usesLeft: 5 - version - 1 },
            { password: { mode: 'fixed', passwordHash, nowMs } },
          ),
        );

      const none = await check(ticket, 0, 'hash-1');
      await put('hash-1');
      const foreign = await check(other, 0, 'hash-1');
      const first = await check(ticket, 0, 'hash-1');
      const again = await check(ticket, 1, 'hash-1');
      const late = await check(ticket, 2, 'hash-1', NOW_MS + 3_600_000);
      await put('hash-2');
      const replaced = await check(ticket, 2, 'hash-1');
      const current = await check(ticket, 2, 'hash-2');

      expect([none, foreign, first, again, late, replaced, current]).toEqual([
        'password_invalid',
        'password_invalid',
        'committed',
        'committed',
        'password_invalid',
        'password_invalid',
        'committed',
      ]);
      expect((await allowances.read(ticket.id))?.allowance).toMatchObject({ version: 3, usesLeft: 2 });
    });

    it('create a ticket in the same write and refuse it when it exists', async () => {
      const { tickets, allowances } = await makeStores();
      const grantor = ticketOf();
      const grantee = ticketOf({ maxUses: 2 });
      await tickets.create(grantor);

      const granted = await allowances.commit(
        changeOf(grantor, initialAllowance(grantor), { usesLeft: 3 }, { createTicket: grantee }),
      );
      const repeat = await allowances.commit(
        changeOf(grantor, { ...initialAllowance(grantor), version: 1 }, { usesLeft: 1 }, { createTicket: grantee }),
      );

      expect([granted, repeat]).toEqual(['committed', 'ticket_exists']);
      expect(await tickets.get(grantee.id)).toEqual(grantee);
      expect((await allowances.read(grantee.id))?.allowance).toEqual(initialAllowance(grantee));
      expect((await allowances.read(grantor.id))?.allowance.usesLeft).toBe(3);
    });

    it('link a ticket made in a change to its source, only when the change is written', async () => {
      const { tickets, allowances } = await makeStores();
      const source = ticketOf();
      const made = [ticketOf({ maxUses: 1 }), ticketOf({ maxUses: 1 })];
      const refused = ticketOf({ maxUses: 1 });
      await tickets.create(source);
      const from = initialAllowance(source);

      await allowances.commit(changeOf(source, from, { usesLeft: 4 }, { createTicket: made[0] }));
      await allowances.commit(changeOf(source, from, { usesLeft: 4 }, { createTicket: refused }));
      await allowances.commit(changeOf(source, { ...from, version: 1 }, { usesLeft: 3 }, { createTicket: made[1] }));

      expect([...(await tickets.derivedFrom(source.id))].sort()).toEqual(made.map((ticket) => ticket.id).sort());
      expect(await tickets.derivedFrom(refused.id)).toEqual([]);
    });

    it('log every change, newest first per content and per customer, with cursors it checks', async () => {
      const { tickets, allowances } = await makeStores();
      const contentId = `cnt_${token()}`;
      const ticket = ticketOf({ contentId });
      const plain = ticketOf({ holderId: ticket.holderId });
      await tickets.create(ticket);
      await tickets.create(plain);
      for (const [target, offset] of [
        [ticket, 1],
        [plain, 2],
        [ticket, 3],
      ] as const) {
        const event = eventOf(target, offset, target.contentId === undefined ? {} : { contentId });
        const from = (await allowances.read(target.id))?.allowance ?? initialAllowance(target);
        expect(await allowances.commit(changeOf(target, from, { usesLeft: (from.usesLeft ?? 0) - 1 }, { event }))).toBe(
          'committed',
        );
      }

      const byContent = await allowances.listByContent(contentId, 10, undefined);
      const firstPage = await allowances.listByHolder(ticket.holderId, 2, undefined);
      const secondPage = await allowances.listByHolder(ticket.holderId, 2, firstPage.nextCursor);

      expect(byContent.items.map((event) => event.at)).toEqual([at(3), at(1)]);
      expect([...firstPage.items, ...secondPage.items].map((event) => event.at)).toEqual([at(3), at(2), at(1)]);
      await expect(allowances.listByHolder(ticket.holderId, 2, 'bm90IGEgY3Vyc29y')).rejects.toMatchObject({
        code: 'INVALID_CURSOR',
      });
      await expect(allowances.listByContent(contentId, 2, firstPage.nextCursor)).rejects.toMatchObject({
        code: 'INVALID_CURSOR',
      });
      await expect(allowances.listByHolder('cus_other', 2, firstPage.nextCursor)).rejects.toMatchObject({
        code: 'INVALID_CURSOR',
      });
    });

    it('switch the intake and count the leases that have not lapsed', async () => {
      const { intake } = await makeStores();
      const lease = `lease-${token()}`;

      const initial = await intake.getState();
      await intake.setState({ redeem: 'draining', changedAt: at(), changedBy: 'operator:op' });
      const draining = await intake.getState();
      const before = await intake.countInFlight(NOW_MS);
      await intake.enter(lease, NOW_MS + 60_000);
      await intake.enter(`${lease}-lapsed`, NOW_MS - 1);
      const during = await intake.countInFlight(NOW_MS);
      await intake.leave(lease);
      const after = await intake.countInFlight(NOW_MS);
      await intake.setState({ redeem: 'open' });

      expect(initial.redeem).toBe('open');
      expect(draining).toEqual({ redeem: 'draining', changedAt: at(), changedBy: 'operator:op' });
      expect([during - before, after - before]).toEqual([1, 0]);
    });

    it('set the switch only when the mode changes: the mode in force keeps when and by whom it was set', async () => {
      const { intake } = await makeStores();

      const openAtFirst = await intake.setState({ redeem: 'open', changedAt: at(), changedBy: 'operator:a' });
      const drained = await intake.setState({ redeem: 'draining', changedAt: at(1), changedBy: 'operator:b' });
      const again = await intake.setState({ redeem: 'draining', changedAt: at(2), changedBy: 'operator:c' });
      const whileDraining = await intake.getState();
      const reopened = await intake.setState({ redeem: 'open', changedAt: at(3), changedBy: 'operator:d' });
      const openAgain = await intake.setState({ redeem: 'open', changedAt: at(4), changedBy: 'operator:e' });

      expect([openAtFirst, drained, again, reopened, openAgain]).toEqual([false, true, false, true, false]);
      expect(whileDraining).toEqual({ redeem: 'draining', changedAt: at(1), changedBy: 'operator:b' });
      expect(await intake.getState()).toEqual({ redeem: 'open', changedAt: at(3), changedBy: 'operator:d' });
    });
  });
};
