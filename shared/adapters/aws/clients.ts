import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The DynamoDB client, built once per container. Endpoints come from the standard
 * AWS_ENDPOINT_URL_<SERVICE> variables, which the SDK reads itself; the deployed stack never
 * sets them. One module per service so that a function's bundle holds only the clients it uses.
 */
let documentClient: DynamoDBDocumentClient | undefined;

export const dynamoDocumentClient = (): DynamoDBDocumentClient => {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documentClient;
};
