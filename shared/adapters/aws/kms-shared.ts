import { KMSClient } from '@aws-sdk/client-kms';

let client: KMSClient | undefined;

/**
 * The container's one KMS client (see clients.ts). kms-client.ts's `kms(env)` adds the
 * throttle count to it; a caller that records no metric (the list cursor key) takes it bare,
 * so its function bundles no Powertools Metrics, and a function that has both uses one client.
 */
export const sharedKmsClient = (): KMSClient => (client ??= new KMSClient({}));
