import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../shared/config';
import { DEFAULT_PORT, localProcessSettings } from '../../../scripts/local/settings';

/**
 * The variables `npm start` reads itself (PORT, KIPPU_LOCAL_QUEUE_VISIBILITY_TIMEOUT_SECONDS) are
 * integers written in plain decimal, as every KIPPU_* integer is (probe aq1: `Number()` read
 * '0xCE5' as port 3301 and '' as port 0).
 */
describe('the local process settings', () => {
  it('take the defaults when unset, and decimal digits when set', () => {
    expect(localProcessSettings({})).toEqual({ port: DEFAULT_PORT, visibilityTimeoutSeconds: undefined });
    expect(localProcessSettings({ PORT: '0', KIPPU_LOCAL_QUEUE_VISIBILITY_TIMEOUT_SECONDS: '2' })).toEqual({
      port: 0,
      visibilityTimeoutSeconds: 2,
    });
    expect(localProcessSettings({ PORT: '3301' }).port).toBe(3301);
  });

  it.each(['0xCE5', '', ' 3301 ', '1e3', '3.3e3', '3301.0', '-1', '65536', '+3301'])(
    'refuses PORT=%j, naming the variable',
    (value) => {
      const refused = () => localProcessSettings({ PORT: value });

      expect(refused).toThrow(ConfigError);
      expect(refused).toThrow(/^invalid configuration: PORT: /);
    },
  );

  it.each(['0x10', '', ' 5', '1e1', '43201'])('refuses KIPPU_LOCAL_QUEUE_VISIBILITY_TIMEOUT_SECONDS=%j, naming it', (value) => {
    expect(() => localProcessSettings({ KIPPU_LOCAL_QUEUE_VISIBILITY_TIMEOUT_SECONDS: value })).toThrow(
      /^invalid configuration: KIPPU_LOCAL_QUEUE_VISIBILITY_TIMEOUT_SECONDS: /,
    );
  });
});
