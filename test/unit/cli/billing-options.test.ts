import { describe, expect, it } from 'vitest';
import { main } from '../../../shared/cli/kippu';

/**
 * `kippu billing run --interval` reads seconds in plain decimal like `--leeway` and the
 * configuration (probe aq5: `Number()` took `0x1`, ` 1` and `1e0`). A refused value is a usage
 * error before any request is made.
 */
const kippu = async (...argv: string[]) => {
  let stderr = '';
  const code = await main(argv, { stdout: () => undefined, stderr: (text) => (stderr += text) });
  return { code, stderr };
};

describe('kippu billing run --interval', () => {
  it.each(['0x1', ' 1', '1e0', '', '+1', '.5', '0.05', '61'])('refuses %j as a usage error (exit 2)', async (interval) => {
    const answer = await kippu(
      'billing',
      'run',
      '--period',
      '2027-01',
      '--api',
      'http://127.0.0.1:9',
      '--token',
      't',
      '--interval',
      interval,
    );

    expect(answer.code).toBe(2);
    expect(answer.stderr).toMatch(/--interval/);
  });
});
