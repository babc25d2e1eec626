import { resourceFromEnv } from '../../config';
import type { MachineClientLookup } from '../../http/auth';
import { CachedMachineClients } from '../../http/machine-clients';
import { systemClock } from '../../ports';
import { coreTable } from '../../resources/tables';
import { dynamoDocumentClient } from './clients';
import { readMachineClient } from './identity-sessions-dynamodb';

/**
 * Every API function resolves providers' and agents' machine tokens through this (kept apart
 * from identity-wiring.ts so that no function bundles the Cognito or SES clients for it). The
 * core table is opened only when a machine token arrives.
 */
export const machineClientLookup = (env: NodeJS.ProcessEnv): MachineClientLookup =>
  new CachedMachineClients(() => {
    const client = dynamoDocumentClient();
    const tableName = resourceFromEnv(env, coreTable);
    return { getMachineClient: (clientId) => readMachineClient(client, tableName, clientId) };
  }, systemClock);
