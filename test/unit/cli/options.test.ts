import { describe, expect, it } from 'vitest';
import { main } from '../../../shared/cli/kippu';

/**
 * The command line's one rule for option values, whatever the command: a number is written in
 * plain decimal digits (as the configuration's, shared/config/fields.ts),
 * (a value that starts with one dash is its option's: test/unit/billing/pages.test.ts and
 * test/unit/cli/verify-delegated.test.ts).
 */
const kippu = async (...argv: string[]) => {
  let stderr = '';
  const code = await main(argv, { stdout: () => undefined, stderr: (text) => (stderr += text) });
  return { code, stderr };
};

// Nothing listens here: a run that got past its options would fail to connect instead.
const billingRun = ['billing', 'run', '--period', '2027-01', '--api', 'http://127.0.0.1:9', '--token', 't'];

describe('number options', () => {
  it.each(['0x1', ' 1', '1 ', '1e0', '', '+1', '.5', '0.05', '61', 'NaN'])(
    'refuses --interval %j before it calls the API',
    async (interval) => {
      const answer = await kippu(...billingRun, '--interval', interval);
      expect(answer).toEqual({
        code: 2,
        stderr: expect.stringContaining(`argument '${interval}' is invalid. Seconds from 0.1 to 60, in decimal digits.`),
      });
    },
  );

  it.each(['0.1', '1', '60', '2.5'])('takes --interval %j and goes on to the API', async (interval) => {
    const answer = await kippu(...billingRun, '--interval', interval);
    expect(answer.stderr).not.toContain('is invalid');
    expect(answer.stderr).toContain('http://127.0.0.1:9/v1/billing-runs failed');
  });

  it.each(['0x10', ' 10', '1e1', '10.0', '61'])('refuses --leeway %j as --interval is refused', async (leeway) => {
    const answer = await kippu('verify', 'x.y.z', '--jwks', 'jwks.json', '--iss', 'https://k.test', '--leeway', leeway);
    expect(answer).toEqual({ code: 2, stderr: expect.stringContaining(`argument '${leeway}' is invalid. A whole number`) });
  });
});
