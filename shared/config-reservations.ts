import { z } from 'zod';
import { ConfigError } from './config';

/**
 * Tunables of channel reservations (SPEC S2), parsed once at init like shared/config.ts. The
 * defaults are the spec's numbers; tests and demos shorten them through the environment.
 *
 *   KIPPU_RESERVATION_RECONFIRM_LEAD_SECONDS     21600 (6 h)  reconfirmBy = startsAt − lead
 *   KIPPU_RESERVATION_SLOT_SECONDS                 600 (10 min) slot length; starts align to it (UTC epoch)
 *   KIPPU_RESERVATION_CONNECT_BEFORE_SECONDS       300 (5 min)  ticket window opens startsAt − this
 *   KIPPU_RESERVATION_CONNECT_AFTER_SECONDS        300 (5 min)  ticket window closes endsAt + this
 *   KIPPU_RESERVATION_MONTHLY_SLOT_QUOTA           144          slots per booker per UTC calendar month
 *   KIPPU_RESERVATION_COMPLETION_GRACE_SECONDS     900 (15 min) the provider may report a failure until endsAt + this
 *   KIPPU_RESERVATION_REMINDER_LEAD_SECONDS       3600 (1 h)    the reminder goes out at reconfirmBy − this
 *
 * The sweep rates are the periodic schedules' rates (shared/resources/schedules.ts):
 * `KIPPU_SCHEDULE_RESERVATION_EXPIRY_SWEEP_SECONDS` (default 60) and
 * `KIPPU_SCHEDULE_RESERVATION_COMPLETION_SECONDS` (default 60) locally, CDK context in AWS.
 */
const seconds = (defaultValue: number) => z.coerce.number().int().min(0).default(defaultValue);

const ReservationConfigSchema = z.object({
  KIPPU_RESERVATION_RECONFIRM_LEAD_SECONDS: seconds(6 * 3600),
  KIPPU_RESERVATION_SLOT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
  KIPPU_RESERVATION_CONNECT_BEFORE_SECONDS: seconds(300),
  KIPPU_RESERVATION_CONNECT_AFTER_SECONDS: seconds(300),
  KIPPU_RESERVATION_MONTHLY_SLOT_QUOTA: z.coerce.number().int().min(1).default(144),
  KIPPU_RESERVATION_COMPLETION_GRACE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(900),
  KIPPU_RESERVATION_REMINDER_LEAD_SECONDS: seconds(3600),
});

export interface ReservationConfig {
  readonly reconfirmLeadSeconds: number;
  readonly slotSeconds: number;
  readonly connectBeforeSeconds: number;
  readonly connectAfterSeconds: number;
  readonly monthlySlotQuota: number;
  readonly completionGraceSeconds: number;
  readonly reminderLeadSeconds: number;
}

export const loadReservationConfig = (env: NodeJS.ProcessEnv): ReservationConfig => {
  const parsed = ReservationConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid reservation configuration: ${problems.join('; ')}`);
  }
  const values = parsed.data;
  return {
    reconfirmLeadSeconds: values.KIPPU_RESERVATION_RECONFIRM_LEAD_SECONDS,
    slotSeconds: values.KIPPU_RESERVATION_SLOT_SECONDS,
    connectBeforeSeconds: values.KIPPU_RESERVATION_CONNECT_BEFORE_SECONDS,
    connectAfterSeconds: values.KIPPU_RESERVATION_CONNECT_AFTER_SECONDS,
    monthlySlotQuota: values.KIPPU_RESERVATION_MONTHLY_SLOT_QUOTA,
    completionGraceSeconds: values.KIPPU_RESERVATION_COMPLETION_GRACE_SECONDS,
    reminderLeadSeconds: values.KIPPU_RESERVATION_REMINDER_LEAD_SECONDS,
  };
};

/** The spec's defaults, for tests that want them without an environment. */
export const defaultReservationConfig: ReservationConfig = loadReservationConfig({});
