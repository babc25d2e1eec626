import { KMSClient } from '@aws-sdk/client-kms';

/** The KMS client, built once per container (see clients.ts). */
let kmsClient: KMSClient | undefined;

export const kms = (): KMSClient => {
  kmsClient ??= new KMSClient({});
  return kmsClient;
};
