import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import type { ExpiryScheduler } from '../../domain/reservations/ports';
import type { ScheduledInvocation } from '../../resources/schedules';

/**
 * One EventBridge Scheduler schedule per booking: `at(reconfirmBy)` in UTC, invoking
 * reservation-expire with the reservation id, deleted by the service after it ran
 * (ActionAfterCompletion DELETE) or by kippu when the booking is reconfirmed or cancelled.
 * The name derives from the reservation id, so creating twice is harmless (ConflictException)
 * and so is deleting twice (ResourceNotFoundException).
 */
export interface ExpirySchedulerSettings {
  readonly groupName: string;
  readonly roleArn: string;
  readonly targetArn: string;
}

export const expiryScheduleName = (reservationId: string): string => `rsv-expire-${reservationId}`;

/** `at()` takes whole seconds; rounding up means the schedule never fires before the deadline. */
const atExpression = (atMs: number): string => `at(${new Date(Math.ceil(atMs / 1000) * 1000).toISOString().slice(0, 19)})`;

export class EventBridgeExpiryScheduler implements ExpiryScheduler {
  constructor(
    private readonly client: SchedulerClient,
    private readonly settings: ExpirySchedulerSettings,
  ) {}

  async scheduleExpiry(reservationId: string, atMs: number): Promise<void> {
    const name = expiryScheduleName(reservationId);
    const invocation: ScheduledInvocation = { source: 'kippu.schedule', scheduleId: name, detail: { reservationId } };
    try {
      await this.client.send(
        new CreateScheduleCommand({
          Name: name,
          GroupName: this.settings.groupName,
          ScheduleExpression: atExpression(atMs),
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          Description: `Expire reservation ${reservationId} unless reconfirmed`,
          Target: { Arn: this.settings.targetArn, RoleArn: this.settings.roleArn, Input: JSON.stringify(invocation) },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
    }
  }

  async cancelExpiry(reservationId: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteScheduleCommand({ Name: expiryScheduleName(reservationId), GroupName: this.settings.groupName }),
      );
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }
}
