import { describe, expect, it } from 'vitest';
import { debitOf } from '../../../shared/domain/rights/allowance';
import { redeemTicket, type RedeemRequest } from '../../../shared/domain/rights/redeem';
import { revokeTicket } from '../../../shared/domain/revocations/revocations';
import type { Principal } from '../../../shared/domain/principal';
import { makeRightsWorld, type RightsWorld } from '../../fixtures/rights-world';

/** Redeem on in-memory ports: uses, the window, nonces, refusals that change nothing, ownership. */
const scene = async (world: RightsWorld, input: Parameters<RightsWorld['ticket']>[2] = {}) => {
  const provider = await world.provider();
  const { customer } = await world.customerWithDevice();
  const ticket = await world.ticket(provider.id, customer.id, input);
  const asProvider: Principal = { role: 'provider', subject: provider.id };
  const redeem = (request: RedeemRequest) => redeemTicket(world.redeemDeps, asProvider, ticket.id, request);
  return { provider, customer, ticket, asProvider, redeem };
};

let nonces = 0;
const nonce = () => `nonce-${(nonces += 1)}`;

describe('redeeming uses', () => {
  it('debits one use per redeem down to zero and then refuses with TICKET_EXHAUSTED', async () => {
    const world = makeRightsWorld();
    const { redeem } = await scene(world, { maxUses: 3 });

    const answers = [await redeem({ nonce: nonce() }), await redeem({ nonce: nonce() }), await redeem({ nonce: nonce() })];
    const refused = redeem({ nonce: nonce() });

    expect(answers.map((answer) => answer.remaining)).toEqual([{ uses: 2 }, { uses: 1 }, { uses: 0 }]);
    await expect(refused).rejects.toMatchObject({ code: 'TICKET_EXHAUSTED', extensions: { remaining: { uses: 0 } } });
  });

  it('never lets concurrent redeems of the last use both through', async () => {
    const world = makeRightsWorld();
    const { redeem, ticket } = await scene(world, { maxUses: 1 });

    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => redeem({ nonce: nonce() })));

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const refusals = outcomes
      .filter((outcome) => outcome.status === 'rejected')
      .map((outcome) => (outcome.reason as { code: string }).code);
    expect(new Set(refusals)).toEqual(new Set(['TICKET_EXHAUSTED']));
    expect((await world.store.read(ticket.id))?.allowance.usesLeft).toBe(0);
  });

  it('takes several uses at once only when they all fit', async () => {
    const world = makeRightsWorld();
    const { redeem, ticket } = await scene(world, { maxUses: 5 });
    await redeem({ nonce: nonce(), uses: 4 });
    const before = await world.store.read(ticket.id);

    await expect(redeem({ nonce: nonce(), uses: 2 })).rejects.toMatchObject({ code: 'TICKET_EXHAUSTED' });

    expect(await world.store.read(ticket.id)).toEqual(before);
  });

  it('answers a retried nonce with the first answer and debits nothing more', async () => {
    const world = makeRightsWorld();
    const { redeem, ticket } = await scene(world, { maxUses: 5 });
    const request = { nonce: nonce(), uses: 2 };

    const first = await redeem(request);
    const again = await redeem(request);
    const concurrent = await Promise.all([redeem({ nonce: 'same', uses: 1 }), redeem({ nonce: 'same', uses: 1 })]);

    expect(again).toEqual(first);
    expect(concurrent[0]).toEqual(concurrent[1]);
    expect((await world.store.read(ticket.id))?.allowance.usesLeft).toBe(2);
    expect(world.store.events.filter((event) => event.kind === 'redeem')).toHaveLength(2);
  });

  it('refuses a nonce used for another redeem, naming the nonce and the field, not an Idempotency-Key', async () => {
    const world = makeRightsWorld();
    const { redeem } = await scene(world, { maxUses: 5 });
    const first = await redeem({ nonce: 'n-1', uses: 1 });

    await expect(redeem({ nonce: 'n-1', uses: 2 })).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      detail: `Nonce n-1 already created redemption ${JSON.stringify(first.redemptionId)} with another uses; use a new nonce for a different request.`,
      fields: [{ field: 'uses', message: 'differs from the request first made with nonce n-1' }],
    });
  });

  it('admits a ticket with neither uses nor seconds for its window alone, any number of times', async () => {
    const world = makeRightsWorld();
    const { redeem } = await scene(world);

    const answers = [await redeem({ nonce: nonce() }), await redeem({ nonce: nonce() })];

    expect(answers.map((answer) => answer.remaining)).toEqual([{}, {}]);
    await expect(redeem({ nonce: nonce(), uses: 1 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ field: 'uses' }],
    });
  });
});

describe('redeem refusals', () => {
  it('name each refused field once in the detail, with every reason in the errors', () => {
    let refused: unknown;
    try {
      debitOf({ maxUses: 3 }, { seconds: 7_200 }, 3_600);
    } catch (error) {
      refused = error;
    }

    expect(refused).toMatchObject({
      code: 'VALIDATION_FAILED',
      detail: 'The redeem does not fit the ticket: seconds.',
      fields: [
        { field: 'seconds', message: 'the ticket counts no seconds' },
        { field: 'seconds', message: 'a redeem reserves at most 3600 seconds' },
      ],
    });
  });

  it('refuse outside the window, changing nothing', async () => {
    const world = makeRightsWorld();
    const later = await scene(world, { maxUses: 2, notBeforeMs: world.clock.now() + 60_000 });

    await expect(later.redeem({ nonce: nonce() })).rejects.toMatchObject({ code: 'TICKET_NOT_YET_VALID' });
    world.clock.advanceSeconds(60 + 3_600);
    await expect(later.redeem({ nonce: nonce() })).rejects.toMatchObject({ code: 'TICKET_EXPIRED' });
    expect((await world.store.read(later.ticket.id))?.allowance).toMatchObject({ version: 0, usesLeft: 2 });
  });

  it('refuse a revoked ticket', async () => {
    const world = makeRightsWorld();
    const { redeem, ticket, provider } = await scene(world, { maxUses: 2 });
    await revokeTicket(
      { ticketStore: world.ticketStore, revocations: world.revocations, clock: world.clock },
      ticket.id,
      provider.id,
      'refunded',
    );

    await expect(redeem({ nonce: nonce() })).rejects.toMatchObject({ code: 'TICKET_REVOKED' });
  });

  it('tell anyone but the ticket’s provider that it does not exist', async () => {
    const world = makeRightsWorld();
    const { ticket, customer } = await scene(world, { maxUses: 2 });
    const other = await world.provider();

    for (const principal of [
      { role: 'provider', subject: other.id },
      { role: 'customer', subject: customer.id },
      { role: 'provider', subject: 'prv_unknown' },
    ] as const) {
      await expect(redeemTicket(world.redeemDeps, principal, ticket.id, { nonce: nonce() })).rejects.toMatchObject({
        code: 'TICKET_NOT_FOUND',
      });
    }
  });
});
