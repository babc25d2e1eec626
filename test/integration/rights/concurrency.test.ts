import { KMSClient } from '@aws-sdk/client-kms';
import { afterAll, describe, expect, it } from 'vitest';
import { KmsJwsSigner } from '../../../shared/adapters/aws/kms-signer';
import { resourceFromEnv } from '../../../shared/config';
import { redeemTicket } from '../../../shared/domain/rights/redeem';
import { expireReservations, reportUsage } from '../../../shared/domain/rights/usage';
import { USAGE_DUE_BUCKET_SECONDS, USAGE_DUE_SWEEP } from '../../../shared/limits';
import { ManualClock } from '../../fixtures/clock';
import { ticketSigningKey } from '../../../shared/resources/keys';
import { ownCoreTable, redeemOn } from './table';

/**
 * Redeems racing on one ticket against DynamoDB Local: the allowance never goes below zero,
 * seconds are never over-reserved, a retried nonce debits once, and unreported reservations
 * expire through the sweep and give their seconds back.
 */
const RESERVATION_SECONDS = 600;
const table = ownCoreTable('redeem');
const kms = new KMSClient({});
afterAll(() => kms.destroy());

const world = async () => {
  const tableName = await table.ready();
  const clock = new ManualClock(Date.parse('2030-03-01T00:00:00.000Z'));
  const signer = new KmsJwsSigner(kms, resourceFromEnv(process.env, ticketSigningKey));
  return { clock, ...redeemOn(table, tableName, clock, signer, RESERVATION_SECONDS) };
};

const codesOf = (outcomes: PromiseSettledResult<unknown>[]) =>
  outcomes.filter((outcome) => outcome.status === 'rejected').map((outcome) => (outcome.reason as { code?: string }).code);

describe('concurrent redeems on DynamoDB', () => {
  it('of a max: 1 ticket: exactly one succeeds, every other is TICKET_EXHAUSTED', async () => {
    const { redeem, provider, ticket } = await world();
    const { id } = await ticket({ maxUses: 1 });

    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, index) => redeemTicket(redeem, provider, id, { nonce: `n-${index}` })),
    );

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(new Set(codesOf(outcomes))).toEqual(new Set(['TICKET_EXHAUSTED']));
    expect((await redeem.store.read(id))?.allowance.usesLeft).toBe(0);
  });

  it('of a max: 5 ticket: exactly five succeed, none answering less left than there was', async () => {
    const { redeem, provider, ticket } = await world();
    const { id } = await ticket({ maxUses: 5 });

    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, index) => redeemTicket(redeem, provider, id, { nonce: `n-${index}` })),
    );
    const remaining = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value.remaining.uses ?? -1] : []));

    // The five debits left 4, 3, 2, 1 and 0 uses in some order; each answers what it read less
    // its use, which is at least what its own debit left (docs/usage-rights.md, "remaining").
    expect(remaining).toHaveLength(5);
    const ascending = remaining.sort((a, b) => a - b);
    expect(ascending.every((uses, index) => uses >= index && uses <= 4)).toBe(true);
    expect(new Set(codesOf(outcomes))).toEqual(new Set(['TICKET_EXHAUSTED']));
    expect((await redeem.store.read(id))?.allowance.usesLeft).toBe(0);
  });

  it('of the same nonce: one debit, the same answer for all', async () => {
    const { redeem, provider, ticket } = await world();
    const { id } = await ticket({ maxUses: 5 });

    const answers = await Promise.all(
      Array.from({ length: 10 }, () => redeemTicket(redeem, provider, id, { nonce: 'once', uses: 2 })),
    );

    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    expect((await redeem.store.read(id))?.allowance.usesLeft).toBe(3);
  });

  it('reserving seconds never reserve more than the ticket has', async () => {
    const { redeem, provider, ticket } = await world();
    const { id } = await ticket({ maxSeconds: 1_000 });

    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, index) => redeemTicket(redeem, provider, id, { nonce: `n-${index}`, seconds: 300 })),
    );

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(3);
    expect(new Set(codesOf(outcomes))).toEqual(new Set(['TICKET_EXHAUSTED']));
    expect((await redeem.store.read(id))?.allowance).toMatchObject({ secondsLeft: 100, secondsReserved: 900 });
  });
});

describe('reservations on DynamoDB', () => {
  it('settle by report, and expire unreported through the sweep, giving their seconds back exactly once', async () => {
    const { clock, redeem, provider, ticket } = await world();
    const { id } = await ticket({ maxSeconds: 1_000 });
    const reported = await redeemTicket(redeem, provider, id, { nonce: 'reported', seconds: 300 });
    const forgotten = await redeemTicket(redeem, provider, id, { nonce: 'forgotten', seconds: 400 });
    await reportUsage(redeem, provider, id, { redemptionId: reported.redemptionId, usedSeconds: 120 });
    clock.advanceSeconds(RESERVATION_SECONDS + USAGE_DUE_BUCKET_SECONDS + USAGE_DUE_SWEEP.settleSeconds);

    const sweeps = await Promise.all([expireReservations(redeem), expireReservations(redeem)]);
    const late = await reportUsage(redeem, provider, id, { redemptionId: forgotten.redemptionId, usedSeconds: 10 }).catch(
      (error: unknown) => error,
    );

    // The table's due index also holds the reservations of the tests above: this ticket's are counted.
    const expiredHere = sweeps
      .flatMap((sweep) => sweep.expired)
      .filter((redemptionId) => [reported.redemptionId, forgotten.redemptionId].includes(redemptionId));
    expect(expiredHere).toEqual([forgotten.redemptionId]);
    expect(late).toMatchObject({ code: 'USAGE_RESERVATION_EXPIRED' });
    expect((await redeem.store.read(id))?.allowance).toMatchObject({ secondsLeft: 880, secondsReserved: 0 });
  });

  it('count reservations past their expiry as released on a redeem before the sweep, exactly once with concurrent redeems and sweeps', async () => {
    // Prepare
    const { clock, redeem, provider, ticket } = await world();
    const { id } = await ticket({ maxSeconds: 600 });
    const all = await redeemTicket(redeem, provider, id, { nonce: 'all', seconds: 600 });
    clock.advanceSeconds(RESERVATION_SECONDS + 1);

    // Act
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 4 }, (_, index) => redeemTicket(redeem, provider, id, { nonce: `after-${index}`, seconds: 100 })),
      expireReservations(redeem),
    ]);

    // Assess
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect((await redeem.store.read(id))?.allowance).toMatchObject({ secondsLeft: 200, secondsReserved: 400 });
    expect(await redeem.store.getRedemption(id, all.redemptionId)).toMatchObject({ status: 'expired', releasedSeconds: 600 });
    const late = await reportUsage(redeem, provider, id, { redemptionId: all.redemptionId, usedSeconds: 10 }).catch(
      (error: unknown) => error,
    );
    expect(late).toMatchObject({ code: 'USAGE_RESERVATION_EXPIRED' });
  });
});
