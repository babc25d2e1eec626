import { machineClientLookup } from '../adapters/aws/machine-clients-wiring';
import { functionLogger } from '../adapters/lambda/logger';
import { functionMetrics } from '../adapters/lambda/metrics';
import { loadConfig, type AppConfig } from '../config';
import type { Logger } from '../logger';
import type { BusinessMetrics } from '../ports';
import type { MachineClientLookup } from './auth';

/** What every function needs: config parsed once at init, the logger, the metrics, and who machine tokens act as. */
export interface BaseDeps {
  readonly config: AppConfig;
  readonly logger: Logger;
  readonly metrics: BusinessMetrics;
  readonly machineClients?: MachineClientLookup;
}

export const baseDeps = (env: NodeJS.ProcessEnv): BaseDeps => ({
  config: loadConfig(env),
  logger: functionLogger(env),
  metrics: functionMetrics(env),
  machineClients: machineClientLookup(env),
});
