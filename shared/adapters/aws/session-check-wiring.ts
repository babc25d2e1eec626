import { resourceFromEnv } from '../../config';
import type { CustomerSessionLookup } from '../../http/auth';
import { CachedCustomerSessions } from '../../http/customer-sessions';
import { coreTable } from '../../resources/tables';
import { dynamoDocumentClient } from './clients';
import { readDevice } from './identity-devices-dynamodb';
import { readSession } from './identity-sessions-dynamodb';

/**
 * Every API function checks customers' access tokens through this (kept apart from
 * identity-wiring.ts so that no function bundles the Cognito or SES clients for it). The core
 * table is opened only when a customer's access token arrives.
 */
export const customerSessionLookup = (env: NodeJS.ProcessEnv): CustomerSessionLookup =>
  new CachedCustomerSessions(() => {
    const client = dynamoDocumentClient();
    const tableName = resourceFromEnv(env, coreTable);
    return {
      getSession: (tokenId) => readSession(client, tableName, tokenId),
      getDevice: (customerId, deviceId) => readDevice(client, tableName, customerId, deviceId),
    };
  });
