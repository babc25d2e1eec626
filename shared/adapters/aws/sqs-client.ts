import { SQSClient } from '@aws-sdk/client-sqs';

/** The SQS client, built once per container (see clients.ts). */
let sqsClient: SQSClient | undefined;

export const sqs = (): SQSClient => {
  sqsClient ??= new SQSClient({});
  return sqsClient;
};
