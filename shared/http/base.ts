import { machineClientLookup } from '../adapters/aws/machine-clients-wiring';
import { loadConfig, type AppConfig } from '../config';
import { jsonLogger, type Logger } from '../logger';
import type { MachineClientLookup } from './auth';

/** What every function needs: config parsed once at init, the logger, and who machine tokens act as. */
export interface BaseDeps {
  readonly config: AppConfig;
  readonly logger: Logger;
  readonly machineClients?: MachineClientLookup;
}

export const baseDeps = (env: NodeJS.ProcessEnv): BaseDeps => ({
  config: loadConfig(env),
  logger: jsonLogger,
  machineClients: machineClientLookup(env),
});
