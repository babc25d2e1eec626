import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/domain/principal';
import { grantTicket } from '../../../shared/domain/rights/grants';
import { intakeView, setIntake, throughIntake } from '../../../shared/domain/rights/intake';
import { redeemTicket } from '../../../shared/domain/rights/redeem';
import { reportUsage } from '../../../shared/domain/rights/usage';
import { contentUsage, customerUsage, usageLog } from '../../../shared/domain/rights/usage-log';
import { INTAKE_LEASE_SECONDS } from '../../../shared/limits';
import { makeRightsWorld } from '../../fixtures/rights-world';

/** A content's provider, a buyer who redeemed, reported usage and granted a use to a friend. */
const scene = async () => {
  const world = makeRightsWorld();
  const provider = await world.provider();
  const { content } = await world.content(provider.id);
  const offer = await world.rightsOffer(provider.id, { contentId: content.id, maxUses: 3, maxSeconds: 600 });
  const buyer = await world.customerWithDevice();
  const friend = await world.customerWithDevice();
  const ticket = await world.buyTicket(buyer.customer.id, { offerId: offer.id, purpose: 'viewing' });
  const asProvider: Principal = { role: 'provider', subject: provider.id };
  const { redemptionId } = await redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'n', seconds: 100 });
  await reportUsage(world.allowanceDeps, asProvider, ticket.id, { redemptionId, usedSeconds: 60 });
  await grantTicket(world.grantDeps, buyer.principal, ticket.id, { granteeId: friend.customer.id, uses: 1, seconds: 100 }, 'g');
  return { world, provider, content, buyer, friend, asProvider, ticket, redemptionId };
};

/** The usage log per content and per customer, and the redeem intake's drain switch. */
describe('the usage log', () => {
  it('answers a content’s provider and the customer, and nobody else', async () => {
    const { world, content, buyer, friend, asProvider } = await scene();

    const byContent = await contentUsage(world.usageLogDeps, asProvider, content.id, { limit: 10 });
    const byCustomer = await customerUsage(world.usageLogDeps, buyer.principal, { limit: 10 });
    const otherProvider = await world.provider();

    expect(byContent.items.map((event) => event.kind).sort()).toEqual(['grant', 'redeem', 'usage']);
    expect(JSON.stringify(byContent)).not.toContain(buyer.customer.id);
    expect(byCustomer.items.map((event) => event.kind).sort()).toEqual(['grant', 'redeem', 'usage']);
    expect((await customerUsage(world.usageLogDeps, friend.principal, { limit: 10 })).items).toEqual([]);
    await expect(
      contentUsage(world.usageLogDeps, { role: 'provider', subject: otherProvider.id }, content.id, { limit: 10 }),
    ).rejects.toMatchObject({
      code: 'CONTENT_NOT_FOUND',
    });
    await expect(contentUsage(world.usageLogDeps, buyer.principal, content.id, { limit: 10 })).rejects.toMatchObject({
      code: 'CONTENT_NOT_FOUND',
    });
  });

  it('pages with cursors it handed out and refuses others', async () => {
    const world = makeRightsWorld();
    const provider = await world.provider();
    const buyer = await world.customerWithDevice();
    const ticket = await world.ticket(provider.id, buyer.customer.id, { maxUses: 5 });
    for (const nonce of ['a', 'b', 'c']) {
      await redeemTicket(world.redeemDeps, { role: 'provider', subject: provider.id }, ticket.id, { nonce });
      world.clock.advanceSeconds(1);
    }

    const first = await customerUsage(world.usageLogDeps, buyer.principal, { limit: 2 });
    const second = await customerUsage(world.usageLogDeps, buyer.principal, {
      limit: 2,
      ...(first.nextCursor === undefined ? {} : { cursor: first.nextCursor }),
    });

    expect([...first.items, ...second.items].map((event) => event.redemptionId)).toHaveLength(3);
    await expect(
      customerUsage(world.usageLogDeps, buyer.principal, { limit: 2, cursor: 'bm90IGEgY3Vyc29y' }),
    ).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
  });
});

describe('the usage log per user (usageLog with customerId)', () => {
  const operator: Principal = { role: 'operator', subject: 'op-1' };

  it("answers an operator a customer's log as the customer reads its own, paged, and per content still by pseudonym", async () => {
    // Prepare
    const { world, content, buyer } = await scene();

    // Act
    const own = await customerUsage(world.usageLogDeps, buyer.principal, { limit: 10 });
    const byOperator = await usageLog(world.usageLogDeps, operator, { customerId: buyer.customer.id }, { limit: 10 });
    const first = await usageLog(world.usageLogDeps, operator, { customerId: buyer.customer.id }, { limit: 2 });
    const rest = await usageLog(
      world.usageLogDeps,
      operator,
      { customerId: buyer.customer.id },
      { limit: 2, ...(first.nextCursor === undefined ? {} : { cursor: first.nextCursor }) },
    );
    const itself = await usageLog(world.usageLogDeps, buyer.principal, { customerId: buyer.customer.id }, { limit: 10 });
    const perContent = await usageLog(world.usageLogDeps, operator, { contentId: content.id }, { limit: 10 });

    // Assess
    expect(byOperator).toEqual(own);
    expect(byOperator.items.map((event) => event.kind).sort()).toEqual(['grant', 'redeem', 'usage']);
    expect(byOperator.items.every((event) => 'holderId' in event && event.holderId === buyer.customer.id)).toBe(true);
    expect(JSON.stringify(byOperator)).not.toContain('"subject"');
    expect([...first.items, ...rest.items]).toEqual(byOperator.items);
    expect(itself).toEqual(own);
    expect(JSON.stringify(perContent)).not.toContain(buyer.customer.id);
  });

  it('refuses a provider and an agent for every customer id, a customer for another, and an operator for an unknown id: 404 CUSTOMER_NOT_FOUND', async () => {
    // Prepare
    const { world, provider, buyer, friend, asProvider } = await scene();
    const refusal = (principal: Principal, customerId: string) =>
      usageLog(world.usageLogDeps, principal, { customerId }, { limit: 10 }).then(
        () => 'answered',
        (error: unknown) => error,
      );

    // Act
    const refusals = [
      await refusal(asProvider, buyer.customer.id),
      await refusal(asProvider, provider.id),
      await refusal({ role: 'agent', subject: 'agt-1' }, buyer.customer.id),
      await refusal(friend.principal, buyer.customer.id),
    ];
    const unknown = await refusal(operator, 'cus_nobody');

    // Assess: every role's refusal has one shape, the id quoted and customerId named.
    for (const answer of refusals) {
      expect(answer).toMatchObject({
        code: 'CUSTOMER_NOT_FOUND',
        detail: `No customer ${JSON.stringify(answer === refusals[1] ? provider.id : buyer.customer.id)} is visible to you.`,
        fields: [{ field: 'customerId', message: 'is not a customer whose usage log you may read' }],
      });
    }
    expect(unknown).toMatchObject({
      code: 'CUSTOMER_NOT_FOUND',
      detail: 'No customer "cus_nobody" is registered.',
      fields: [{ field: 'customerId' }],
    });
  });

  it('takes exactly one of contentId and customerId: neither, or both, is a 422 naming the two', async () => {
    // Prepare
    const { world, content, buyer } = await scene();
    const refusal = (filter: { contentId?: string; customerId?: string }) =>
      usageLog(world.usageLogDeps, operator, filter, { limit: 10 }).catch((error: unknown) => error);

    // Act
    const neither = await refusal({});
    const both = await refusal({ contentId: content.id, customerId: buyer.customer.id });

    // Assess
    for (const answer of [neither, both]) {
      expect(answer).toMatchObject({
        code: 'VALIDATION_FAILED',
        fields: [{ field: 'contentId' }, { field: 'customerId' }],
      });
    }
  });
});

describe('the redeem intake', () => {
  it('refuses new redeems while draining, lets usage reports through, counts what is in flight and reopens', async () => {
    const world = makeRightsWorld();
    const operator: Principal = { role: 'operator', subject: 'op-1' };
    let release: () => void = () => {};
    let admitted: () => void = () => {};
    const started = new Promise<void>((resolve) => (admitted = resolve));
    const running = throughIntake(world.intakeDeps, 'redeem', 'request-1', () => {
      admitted();
      return new Promise<string>((resolve) => (release = () => resolve('done')));
    });
    await started;

    const drained = await setIntake(world.intakeDeps, operator, 'draining');
    const refused = await throughIntake(world.intakeDeps, 'redeem', 'request-2', async () => 'never').catch(
      (error: unknown) => error,
    );
    const report = await throughIntake(world.intakeDeps, 'usage', 'request-3', async () => 'reported');
    release();
    const finished = await running;
    const afterwards = await intakeView(world.intakeDeps);
    const reopened = await setIntake(world.intakeDeps, operator, 'open');

    expect(drained).toMatchObject({ redeem: 'draining', inFlight: 1 });
    expect(refused).toMatchObject({
      code: 'INTAKE_DRAINING',
      status: 503,
      extensions: { retryAfterSeconds: expect.any(Number) },
    });
    expect([report, finished]).toEqual(['reported', 'done']);
    expect(afterwards).toMatchObject({ redeem: 'draining', inFlight: 0 });
    expect(reopened).toMatchObject({ redeem: 'open', inFlight: 0 });
    expect(await throughIntake(world.intakeDeps, 'redeem', 'request-4', async () => 'served')).toBe('served');
  });

  it('refuses new redeems, grants and transfers while draining without a lease, so a refusal never counts in flight', async () => {
    // Prepare: an intake store that records every lease taken
    const world = makeRightsWorld();
    const leases: string[] = [];
    const intake = Object.assign(Object.create(world.intake) as typeof world.intake, {
      enter: async (leaseId: string, untilMs: number) => {
        leases.push(leaseId);
        await world.intake.enter(leaseId, untilMs);
      },
    });
    const deps = { ...world.intakeDeps, intake };
    await setIntake(deps, { role: 'operator', subject: 'op-1' }, 'draining');

    // Act
    const refusals = await Promise.all(
      (['redeem', 'grant', 'transfer'] as const).map((work) =>
        throughIntake(deps, work, `refused-${work}`, async () => 'never').catch((error: unknown) => error),
      ),
    );
    const report = await throughIntake(deps, 'usage', 'report', async () => 'reported');

    // Assess
    for (const refusal of refusals) {
      expect(refusal).toMatchObject({
        code: 'INTAKE_DRAINING',
        status: 503,
        extensions: { retryAfterSeconds: expect.any(Number) },
      });
    }
    expect(refusals.map((refusal) => (refusal as Error).message)).toEqual([
      expect.stringContaining('Redeems are paused'),
      expect.stringContaining('Grants are paused'),
      expect.stringContaining('Device transfers are paused'),
    ]);
    expect(report).toBe('reported');
    expect(leases).toEqual(['report']);
  });

  it('counts a running grant or transfer in flight; one admitted by the first read of the switch but not the second is refused under its lease', async () => {
    // Prepare: the switch moves to draining between a request's first read and its lease
    const world = makeRightsWorld();
    const operator: Principal = { role: 'operator', subject: 'op-1' };
    const intake = Object.assign(Object.create(world.intake) as typeof world.intake, {
      enter: async (leaseId: string, untilMs: number) => {
        await world.intake.enter(leaseId, untilMs);
        if (leaseId === 'late') await world.intake.setState({ redeem: 'draining' });
      },
    });
    const deps = { ...world.intakeDeps, intake };
    let release: () => void = () => {};
    let admitted: () => void = () => {};
    const started = new Promise<void>((resolve) => (admitted = resolve));
    const granting = throughIntake(deps, 'grant', 'grant-1', () => {
      admitted();
      return new Promise<string>((resolve) => (release = () => resolve('granted')));
    });
    await started;

    // Act
    const whileGranting = await intakeView(deps);
    let ran = false;
    const late = await throughIntake(deps, 'transfer', 'late', async () => {
      ran = true;
      return 'moved';
    }).catch((error: unknown) => error);
    release();
    const granted = await granting;
    const afterwards = await intakeView(deps);
    await setIntake(deps, operator, 'open');

    // Assess
    expect(whileGranting).toMatchObject({ redeem: 'open', inFlight: 1 });
    expect(late).toMatchObject({ code: 'INTAKE_DRAINING' });
    expect(ran).toBe(false);
    expect(granted).toBe('granted');
    expect(afterwards).toMatchObject({ redeem: 'draining', inFlight: 0 });
  });

  it('keeps when the mode last changed when it is set to the mode in force, and says it changed nothing', async () => {
    const world = makeRightsWorld();
    const operator: Principal = { role: 'operator', subject: 'op-1' };

    const drained = await setIntake(world.intakeDeps, operator, 'draining');
    world.clock.advanceSeconds(5);
    const again = await setIntake(world.intakeDeps, operator, 'draining');
    world.clock.advanceSeconds(5);
    const reopened = await setIntake(world.intakeDeps, operator, 'open');
    const reopenedAgain = await setIntake(world.intakeDeps, operator, 'open');

    expect(drained).toMatchObject({ redeem: 'draining', changed: true, changedAt: expect.any(String) });
    expect(again).toEqual({ ...drained, changed: false });
    expect(reopened).toMatchObject({ redeem: 'open', changed: true });
    expect(reopened.changedAt).not.toBe(drained.changedAt);
    expect(reopenedAgain).toEqual({ ...reopened, changed: false });
    expect(await intakeView(world.intakeDeps)).toEqual({ redeem: 'open', inFlight: 0, changedAt: reopened.changedAt });
  });

  it('stops counting a request that crashed without leaving once its lease lapses', async () => {
    const world = makeRightsWorld();
    await world.intake.enter('crashed', world.clock.now() + INTAKE_LEASE_SECONDS * 1000);

    const before = await intakeView(world.intakeDeps);
    world.clock.advanceSeconds(INTAKE_LEASE_SECONDS);
    const after = await intakeView(world.intakeDeps);

    expect([before.inFlight, after.inFlight]).toEqual([1, 0]);
  });
});
