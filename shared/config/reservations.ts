import {
  LEDGER_PENDING_TIMEOUT_SECONDS_MAX,
  RESERVATION_COMPLETION_GRACE_SECONDS_MAX,
  RESERVATION_HOLD_MARGIN_SECONDS,
  RESERVATION_HORIZON_SECONDS_MAX,
  RESERVATION_SLOT_SECONDS_MAX,
  RESERVATION_SLOTS_MAX,
} from '../limits';
import { ConfigError } from './errors';
import { environmentValues, integer, type Values } from './fields';
import { atImport } from '../pure';

/**
 * Tunables of channel reservations (SPEC S2): their part of the one environment declaration
 * (index.ts) and the view the reservation functions get. The defaults are the spec's numbers;
 * tests and demos shorten them through the environment.
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
const seconds = (defaultValue: number) => integer(defaultValue, { atLeast: 0 });

export const reservationEnvironment = /* @__PURE__ */ atImport(() => ({
  KIPPU_RESERVATION_RECONFIRM_LEAD_SECONDS: seconds(6 * 3600),
  KIPPU_RESERVATION_SLOT_SECONDS: integer(600, { atLeast: 1, atMost: RESERVATION_SLOT_SECONDS_MAX }),
  KIPPU_RESERVATION_CONNECT_BEFORE_SECONDS: seconds(300),
  KIPPU_RESERVATION_CONNECT_AFTER_SECONDS: seconds(300),
  KIPPU_RESERVATION_MONTHLY_SLOT_QUOTA: integer(144, { atLeast: 1 }),
  KIPPU_RESERVATION_COMPLETION_GRACE_SECONDS: integer(900, { atLeast: 0, atMost: RESERVATION_COMPLETION_GRACE_SECONDS_MAX }),
  KIPPU_RESERVATION_REMINDER_LEAD_SECONDS: seconds(3600),
}));

export interface ReservationConfig {
  readonly reconfirmLeadSeconds: number;
  readonly slotSeconds: number;
  readonly connectBeforeSeconds: number;
  readonly connectAfterSeconds: number;
  readonly monthlySlotQuota: number;
  readonly completionGraceSeconds: number;
  readonly reminderLeadSeconds: number;
}

/** The shortest calendar month: a booking no longer than this spans at most one month boundary. */
const SHORTEST_MONTH_SECONDS = 28 * 86_400;

/**
 * The longest booking (RESERVATION_SLOTS_MAX slots) must fit the ledger and one transaction:
 * its hold, placed up to the horizon ahead, lasts the show, the grace and the margin, and that
 * must stay within the ledger's longest hold; and it may span at most two quota months (the
 * booking transaction counts on that). A slot length that breaks either fails the config.
 */
const checkSlotLength = (slotSeconds: number, completionGraceSeconds: number): void => {
  const longestBookingSeconds = slotSeconds * RESERVATION_SLOTS_MAX;
  const longestHoldSeconds =
    RESERVATION_HORIZON_SECONDS_MAX + longestBookingSeconds + completionGraceSeconds + RESERVATION_HOLD_MARGIN_SECONDS;
  if (longestHoldSeconds > LEDGER_PENDING_TIMEOUT_SECONDS_MAX || longestBookingSeconds > SHORTEST_MONTH_SECONDS) {
    const slotSecondsMax = Math.floor(
      Math.min(
        LEDGER_PENDING_TIMEOUT_SECONDS_MAX -
          RESERVATION_HORIZON_SECONDS_MAX -
          completionGraceSeconds -
          RESERVATION_HOLD_MARGIN_SECONDS,
        SHORTEST_MONTH_SECONDS,
      ) / RESERVATION_SLOTS_MAX,
    );
    throw new ConfigError(
      `invalid reservation configuration: KIPPU_RESERVATION_SLOT_SECONDS ${slotSeconds} is too long: ${RESERVATION_SLOTS_MAX} slots must fit the ledger's longest hold and span at most two months (at most ${slotSecondsMax} with this completion grace)`,
    );
  }
};

export const reservationConfigFrom = (values: Values<typeof reservationEnvironment>): ReservationConfig => {
  checkSlotLength(values.KIPPU_RESERVATION_SLOT_SECONDS, values.KIPPU_RESERVATION_COMPLETION_GRACE_SECONDS);
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

/** The reservations part of the configuration alone, checked as `loadConfig` checks it: for the functions that use it. */
export const reservationConfigOf = (env: NodeJS.ProcessEnv): ReservationConfig =>
  reservationConfigFrom(environmentValues(reservationEnvironment, env));
