import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';

/**
 * SDK clients, built once per container. Endpoints come from the standard
 * AWS_ENDPOINT_URL_<SERVICE> variables, which the SDK reads itself; the deployed stack never
 * sets them.
 */
let documentClient: DynamoDBDocumentClient | undefined;
let kmsClient: KMSClient | undefined;

export const dynamoDocumentClient = (): DynamoDBDocumentClient => {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documentClient;
};

export const kms = (): KMSClient => {
  kmsClient ??= new KMSClient({});
  return kmsClient;
};
