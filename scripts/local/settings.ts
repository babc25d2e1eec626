import { environmentValues, integer } from '../../shared/config/fields';
import { LOCAL_VISIBILITY_TIMEOUT_ENV } from '../../shared/resources/queues';

/** The local API's port when PORT is unset. */
export const DEFAULT_PORT = 3000;
const PORT_MAX = 65_535;
/** SQS's largest visibility timeout (12 hours). */
const VISIBILITY_TIMEOUT_SECONDS_MAX = 43_200;

/**
 * The variables the local runtime reads itself rather than through a function's configuration:
 * `PORT` (0 picks a free port) and `KIPPU_LOCAL_QUEUE_VISIBILITY_TIMEOUT_SECONDS`. They are read
 * as every KIPPU_* integer is (shared/config/fields.ts): plain decimal digits, within bounds, so
 * '' is no port 0 and '0x10', ' 12 ' or '1e3' are refused, a ConfigError naming each variable.
 * The visibility timeout is `undefined` when unset: each queue keeps its declared one.
 */
export const localProcessSettings = (
  env: NodeJS.ProcessEnv,
): { readonly port: number; readonly visibilityTimeoutSeconds: number | undefined } => {
  const values = environmentValues(
    {
      PORT: integer(DEFAULT_PORT, { atLeast: 0, atMost: PORT_MAX }),
      [LOCAL_VISIBILITY_TIMEOUT_ENV]: integer(0, { atLeast: 0, atMost: VISIBILITY_TIMEOUT_SECONDS_MAX }),
    },
    env,
  );
  return {
    port: values.PORT,
    visibilityTimeoutSeconds: env[LOCAL_VISIBILITY_TIMEOUT_ENV] === undefined ? undefined : values[LOCAL_VISIBILITY_TIMEOUT_ENV],
  };
};
