import { machineClientLookup } from '../adapters/aws/machine-clients-wiring';
import { customerSessionLookup } from '../adapters/aws/session-check-wiring';
import { functionLogger } from '../adapters/powertools/logger';
import { loadCoreConfig, type CoreConfig } from '../config';
import type { Logger } from '../logger';
import type { BusinessMetrics } from '../ports';
import type { CustomerSessionLookup, MachineClientLookup } from './auth';

/**
 * What every function needs: the core of the configuration parsed once at init (each area by
 * its own wiring), the logger, who machine tokens act as and whether a customer's session
 * still stands. Not the metrics: only the functions that record one are given them (their
 * deps types ask for `metrics`), so the others neither bundle nor construct Powertools Metrics.
 */
export interface BaseDeps {
  readonly config: CoreConfig;
  readonly logger: Logger;
  readonly machineClients?: MachineClientLookup;
  readonly customerSessions?: CustomerSessionLookup;
}

/** What a function that records business metrics adds to BaseDeps: its wiring passes `functionMetrics(env)`. */
export interface MetricsDeps {
  readonly metrics: BusinessMetrics;
}

export const baseDeps = (env: NodeJS.ProcessEnv): BaseDeps => ({
  config: loadCoreConfig(env),
  logger: functionLogger(env),
  machineClients: machineClientLookup(env),
  customerSessions: customerSessionLookup(env),
});
