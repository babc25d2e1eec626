import { loadConfig, type AppConfig } from '../config';
import { jsonLogger, type Logger } from '../logger';

/** What every function needs: config parsed once at init, and the logger. */
export interface BaseDeps {
  readonly config: AppConfig;
  readonly logger: Logger;
}

export const baseDeps = (env: NodeJS.ProcessEnv): BaseDeps => ({ config: loadConfig(env), logger: jsonLogger });
