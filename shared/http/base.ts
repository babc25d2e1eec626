import { machineClientLookup } from '../adapters/aws/machine-clients-wiring';
import { functionLogger } from '../adapters/powertools/logger';
import { functionMetrics } from '../adapters/powertools/metrics';
import { loadCoreConfig, type CoreConfig } from '../config';
import type { Logger } from '../logger';
import type { BusinessMetrics } from '../ports';
import type { MachineClientLookup } from './auth';

/** What every function needs: the core of the configuration parsed once at init (each area by its own wiring), the logger, the metrics, and who machine tokens act as. */
export interface BaseDeps {
  readonly config: CoreConfig;
  readonly logger: Logger;
  readonly metrics: BusinessMetrics;
  readonly machineClients?: MachineClientLookup;
}

export const baseDeps = (env: NodeJS.ProcessEnv): BaseDeps => ({
  config: loadCoreConfig(env),
  logger: functionLogger(env),
  metrics: functionMetrics(env),
  machineClients: machineClientLookup(env),
});
