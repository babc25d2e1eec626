import { SchedulerClient } from '@aws-sdk/client-scheduler';

/** The EventBridge Scheduler client, built once per container (see clients.ts). */
let schedulerClient: SchedulerClient | undefined;

export const scheduler = (): SchedulerClient => {
  schedulerClient ??= new SchedulerClient({});
  return schedulerClient;
};
