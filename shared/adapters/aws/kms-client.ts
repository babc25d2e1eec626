import type { KMSClient } from '@aws-sdk/client-kms';
import type { BusinessMetrics } from '../../ports';
import { functionMetrics } from '../powertools/metrics';
import { sharedKmsClient } from './kms-shared';

/**
 * Counts every attempt that KMS answered with ThrottlingException, the attempts the SDK
 * retried included (KMS publishes no throttle count for keys in the default key store). The
 * middleware sits in the deserialize step, inside the SDK's retries, and with high priority
 * outside the deserializer, so it sees each attempt's parsed error.
 */
export const countKmsThrottles = (client: KMSClient, metrics: BusinessMetrics): void => {
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (error instanceof Error && error.name === 'ThrottlingException') metrics.record('kmsThrottles', 1, {});
        throw error;
      }
    },
    { step: 'deserialize', priority: 'high', name: 'kippuKmsThrottleCount' },
  );
};

/** The container's KMS client (kms-shared.ts), counting throttles into the function's metrics from the first call on. */
let counting: KMSClient | undefined;

export const kms = (env: NodeJS.ProcessEnv): KMSClient => {
  if (counting === undefined) {
    counting = sharedKmsClient();
    countKmsThrottles(counting, functionMetrics(env));
  }
  return counting;
};
