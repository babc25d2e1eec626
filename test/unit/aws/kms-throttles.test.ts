import { Readable } from 'node:stream';
import { GetPublicKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { countKmsThrottles } from '../../../shared/adapters/aws/kms-client';
import { recordingMetrics } from '../../fixtures/metrics';

/**
 * KMS throttling cannot be produced by the emulator, so this test gives the real KMS client a
 * request handler that answers every request as KMS does when a quota is reached (the fault
 * injection the repository allows), and a retry strategy without waits.
 */
const throttled = () => ({
  handle: async () => ({
    response: {
      statusCode: 400,
      reason: 'Bad Request',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'ThrottlingException' },
      body: Readable.from([Buffer.from(JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }))]),
    },
  }),
});

interface RetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
}
const token = (count: number): RetryToken => ({ getRetryCount: () => count, getRetryDelay: () => 0 });

/** Up to `attempts` attempts, no delay between them. */
const immediateRetries = (attempts: number) => ({
  mode: 'standard',
  acquireInitialRetryToken: async () => token(0),
  refreshRetryTokenForRetry: async (previous: RetryToken, error: unknown) => {
    if (previous.getRetryCount() + 1 >= attempts) throw error;
    return token(previous.getRetryCount() + 1);
  },
  recordSuccess: () => {},
});

describe('the KMS client', () => {
  it('counts every attempt KMS throttled, the retried ones included, as KmsThrottles', async () => {
    // Prepare
    const metrics = recordingMetrics();
    const client = new KMSClient({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      requestHandler: throttled(),
      retryStrategy: immediateRetries(3),
    });
    countKmsThrottles(client, metrics);

    // Act
    const answer = client.send(new GetPublicKeyCommand({ KeyId: 'alias/kippu-test-ticket-signing' }));

    // Assess
    await expect(answer).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(metrics.points).toEqual([
      { name: 'KmsThrottles', value: 1, dimensions: {} },
      { name: 'KmsThrottles', value: 1, dimensions: {} },
      { name: 'KmsThrottles', value: 1, dimensions: {} },
    ]);
  });
});
