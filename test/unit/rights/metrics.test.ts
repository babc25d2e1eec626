import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/domain/principal';
import { grantTicket } from '../../../shared/domain/rights/grants';
import { redeemTicket, type RedeemRequest } from '../../../shared/domain/rights/redeem';
import { transferTicket } from '../../../shared/domain/rights/transfer';
import { deviceProof, makeRightsWorld, type CustomerDevice, type RightsWorld } from '../../fixtures/rights-world';

/**
 * What the usage rights count (shared/resources/metrics.ts), through the recording metrics of
 * the in-memory world: Redeems by the write that debited, RedeemRefusals by code, and the
 * tickets that grants and transfers store in TicketsIssued.
 */
const bindingOf = (device: CustomerDevice) => ({
  deviceId: device.record.id,
  jkt: device.record.jkt,
  publicJwk: device.record.publicJwk,
});

const scene = async (world: RightsWorld, input: Parameters<RightsWorld['ticket']>[2] = { maxUses: 2 }) => {
  const provider = await world.provider();
  const holder = await world.customerWithDevice();
  const ticket = await world.ticket(provider.id, holder.customer.id, input);
  const asProvider: Principal = { role: 'provider', subject: provider.id };
  const redeem = (request: RedeemRequest, principal = asProvider) =>
    redeemTicket(world.redeemDeps, principal, ticket.id, request);
  // Only what these tests count: issuing the scene's ticket counted it already.
  world.metrics.points.length = 0;
  return { provider, holder, ticket, redeem };
};

const codeOf = (refused: Promise<unknown>): Promise<unknown> =>
  refused.then(
    () => 'answered',
    (error: unknown) => (error as { code?: unknown }).code,
  );

describe('redeem metrics', () => {
  it('count a redeem once when its write debits the ticket, and a replayed redeem records nothing', async () => {
    // Prepare
    const world = makeRightsWorld();
    const { redeem } = await scene(world, { maxUses: 5 });

    // Act
    const first = await redeem({ nonce: 'n-1' });
    const replayed = await redeem({ nonce: 'n-1' });
    const second = await redeem({ nonce: 'n-2', uses: 2 });

    // Assess
    expect(replayed).toEqual(first);
    expect(second.remaining).toEqual({ uses: 2 });
    expect(world.metrics.points).toEqual([
      { name: 'Redeems', value: 1, dimensions: {} },
      { name: 'Redeems', value: 1, dimensions: {} },
    ]);
  });

  it('count one redeem when the same nonce races itself, the losers answering the first answer', async () => {
    // Prepare
    const world = makeRightsWorld();
    const { redeem } = await scene(world, { maxUses: 5 });

    // Act
    const answers = await Promise.all(Array.from({ length: 5 }, () => redeem({ nonce: 'n-race' })));

    // Assess
    expect(new Set(answers.map((answer) => answer.redemptionId)).size).toBe(1);
    expect(world.metrics.points).toEqual([{ name: 'Redeems', value: 1, dimensions: {} }]);
  });

  it('record a refusal with its code, and count nothing as redeemed', async () => {
    // Prepare
    const world = makeRightsWorld();
    const { redeem } = await scene(world, { maxUses: 1 });
    await redeem({ nonce: 'n-1' });
    world.metrics.points.length = 0;

    // Act
    const exhausted = await codeOf(redeem({ nonce: 'n-2' }));
    const byOther = await codeOf(redeem({ nonce: 'n-3' }, { role: 'provider', subject: 'prv_other' }));

    // Assess
    expect([exhausted, byOther]).toEqual(['TICKET_EXHAUSTED', 'TICKET_NOT_FOUND']);
    expect(world.metrics.points).toEqual([
      { name: 'RedeemRefusals', value: 1, dimensions: { code: 'TICKET_EXHAUSTED' } },
      { name: 'RedeemRefusals', value: 1, dimensions: { code: 'TICKET_NOT_FOUND' } },
    ]);
  });

  it('record the refusals of a bound and of a one-time-password ticket by their codes', async () => {
    // Prepare
    const world = makeRightsWorld();
    const provider = await world.provider();
    const holder = await world.customerWithDevice();
    const bound = await world.ticket(provider.id, holder.customer.id, { maxUses: 2, binding: bindingOf(holder.device) });
    const otp = await world.ticket(provider.id, holder.customer.id, { maxUses: 2, otp: true });
    const asProvider: Principal = { role: 'provider', subject: provider.id };
    world.metrics.points.length = 0;

    // Act
    const withoutProof = await codeOf(redeemTicket(world.redeemDeps, asProvider, bound.id, { nonce: 'n-1' }));
    const withoutPassword = await codeOf(redeemTicket(world.redeemDeps, asProvider, otp.id, { nonce: 'n-1' }));
    const proof = await deviceProof(holder.device.keys, { nonce: 'n-2', tkt: bound.id, iat: world.nowSeconds() });
    await redeemTicket(world.redeemDeps, asProvider, bound.id, { nonce: 'n-2', proof });

    // Assess
    expect([withoutProof, withoutPassword]).toEqual(['DEVICE_PROOF_INVALID', 'OTP_INVALID']);
    expect(world.metrics.points).toEqual([
      { name: 'RedeemRefusals', value: 1, dimensions: { code: 'DEVICE_PROOF_INVALID' } },
      { name: 'RedeemRefusals', value: 1, dimensions: { code: 'OTP_INVALID' } },
      { name: 'Redeems', value: 1, dimensions: {} },
    ]);
  });

  it('record nothing for bad input: an allowance the ticket does not count, a nonce reused with another request', async () => {
    // Prepare
    const world = makeRightsWorld();
    const { redeem } = await scene(world, { maxUses: 5 });
    await redeem({ nonce: 'n-1' });
    world.metrics.points.length = 0;

    // Act
    const seconds = await codeOf(redeem({ nonce: 'n-2', seconds: 10 }));
    const reused = await codeOf(redeem({ nonce: 'n-1', uses: 3 }));

    // Assess
    expect([seconds, reused]).toEqual(['VALIDATION_FAILED', 'IDEMPOTENCY_KEY_REUSED']);
    expect(world.metrics.points).toEqual([]);
  });
});

describe('tickets issued by grants and transfers', () => {
  it('count a grant once, as kind grant, when its write stores the grantee’s ticket, and not its retry', async () => {
    // Prepare
    const world = makeRightsWorld();
    const { holder, ticket } = await scene(world, { maxUses: 10 });
    const grantee = await world.customer();
    const request = { granteeId: grantee.id, uses: 3 };

    // Act
    const first = await grantTicket(world.grantDeps, holder.principal, ticket.id, request, 'g-1');
    const retried = await grantTicket(world.grantDeps, holder.principal, ticket.id, request, 'g-1');
    const tooMuch = await codeOf(
      grantTicket(world.grantDeps, holder.principal, ticket.id, { granteeId: grantee.id, uses: 99 }, 'g-2'),
    );

    // Assess
    expect(retried).toEqual(first);
    expect(tooMuch).toBe('GRANT_EXCEEDS_ALLOWANCE');
    expect(world.metrics.points).toEqual([{ name: 'TicketsIssued', value: 1, dimensions: { kind: 'grant' } }]);
  });

  it('count a transfer once, as kind transfer, when its write stores the new ticket, and not its retry', async () => {
    // Prepare
    const world = makeRightsWorld();
    const provider = await world.provider();
    const holder = await world.customerWithDevice();
    const ticket = await world.ticket(provider.id, holder.customer.id, { maxUses: 3, binding: bindingOf(holder.device) });
    world.metrics.points.length = 0;
    const tablet = await world.addDevice(holder.customer.id, 'tablet');
    await world.pair(holder.customer.id, holder.device, tablet);

    // Act
    const moved = await transferTicket(world.transferDeps, holder.principal, ticket.id, { toDeviceId: tablet.record.id });
    const retried = await transferTicket(world.transferDeps, holder.principal, ticket.id, { toDeviceId: tablet.record.id });

    // Assess
    expect(retried).toEqual(moved);
    expect(world.metrics.points).toEqual([{ name: 'TicketsIssued', value: 1, dimensions: { kind: 'transfer' } }]);
  });
});
