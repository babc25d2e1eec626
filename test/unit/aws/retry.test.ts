import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { backoff, cancellationReasons, isContention, reasonsOfCancellation } from '../../../shared/adapters/aws/retry';
import { fullJitterMilliseconds } from '../../../shared/contention';

const LIMITS = { baseMilliseconds: 5, capMilliseconds: 200 };

const cancelled = (codes: readonly (string | undefined)[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((code) => (code === undefined ? {} : { Code: code })),
  });

describe('full-jitter backoff', () => {
  it('waits a random time below base × 2^attempt', () => {
    // Act
    const shortest = fullJitterMilliseconds(3, LIMITS, () => 0);
    const longest = fullJitterMilliseconds(3, LIMITS, () => 0.999_999);

    // Assess
    expect(shortest).toBe(0);
    expect(longest).toBe(39);
  });

  it('never waits as long as the cap, however many attempts were made', () => {
    // Act
    const waits = [10, 30, 60].map((attempt) => fullJitterMilliseconds(attempt, LIMITS, () => 0.999_999));

    // Assess
    expect(waits).toEqual([199, 199, 199]);
  });

  it('sleeps the jittered time through the injected sleep', async () => {
    // Prepare
    const slept: number[] = [];

    // Act
    for (let attempt = 1; attempt <= 20; attempt += 1) {
      await backoff(attempt, LIMITS, async (milliseconds) => {
        slept.push(milliseconds);
      });
    }

    // Assess
    expect(slept).toHaveLength(20);
    for (const [index, milliseconds] of slept.entries()) {
      expect(Number.isInteger(milliseconds)).toBe(true);
      expect(milliseconds).toBeGreaterThanOrEqual(0);
      expect(milliseconds).toBeLessThan(Math.min(LIMITS.capMilliseconds, LIMITS.baseMilliseconds * 2 ** (index + 1)));
    }
  });
});

describe('cancellation reasons', () => {
  it('are read per item in order, `None` where DynamoDB names no reason', () => {
    // Act
    const reasons = cancellationReasons(cancelled(['None', 'ConditionalCheckFailed', undefined]));

    // Assess
    expect(reasons).toEqual(['None', 'ConditionalCheckFailed', 'None']);
  });

  it('are undefined for an error that is not a cancelled transaction', () => {
    // Act
    const reasons = reasonsOfCancellation(new Error('network down'));

    // Assess
    expect(reasons).toBeUndefined();
    expect(reasonsOfCancellation(cancelled(['TransactionConflict']))).toEqual(['TransactionConflict']);
  });

  it('mean contention for a conflict or throttling, never for a failed condition', () => {
    // Act
    const verdicts = [
      ['None', 'TransactionConflict'],
      ['ThrottlingError'],
      ['ProvisionedThroughputExceeded'],
      ['ConditionalCheckFailed', 'None'],
      ['ValidationError'],
    ].map(isContention);

    // Assess
    expect(verdicts).toEqual([true, true, true, false, false]);
  });
});
