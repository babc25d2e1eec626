import type { Clock } from '../../shared/ports';
import { systemClock } from '../../shared/ports';
import { startPoller } from './poller';
import { startScheduler } from './scheduler';
import { startLocalServer, type LocalServer } from './server';

/**
 * Everything Lambda, API Gateway, the SQS event source mappings and EventBridge Scheduler do
 * for kippu in AWS, in one process: the API, the queue poller and the scheduler.
 */
export interface LocalRuntime {
  readonly url: string;
  stop(): Promise<void>;
}

export const startLocalRuntime = async (options: {
  port: number;
  stage: string;
  log: (line: string) => void;
  clock?: Clock;
  /** Tests drive schedules themselves with an injected clock; `npm start` runs them. */
  schedules?: boolean;
}): Promise<LocalRuntime> => {
  // The schedules' first round runs before the API listens (see startScheduler).
  const scheduler =
    options.schedules === false
      ? undefined
      : await startScheduler({ stage: options.stage, clock: options.clock ?? systemClock, log: options.log });
  const server: LocalServer = await startLocalServer({ port: options.port, log: options.log });
  const poller = startPoller({ stage: options.stage, log: options.log });
  return {
    url: server.url,
    stop: async () => {
      scheduler?.stop();
      await poller.stop();
      await server.close();
    },
  };
};
