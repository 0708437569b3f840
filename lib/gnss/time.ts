/**
 * GPS time. A time is a number of seconds since the GPS epoch 1980-01-06T00:00:00 in the GPS time scale (no leap
 * seconds). Calendar fields in RINEX files are read as GPS time (the RINEX default for GPS files).
 */

/** Seconds in a GPS week. */
export const SECONDS_PER_WEEK = 604800;
/** GPS − UTC in seconds, valid from 2017-01-01 (leap second table not needed for the shipped data). */
export const GPS_UTC_LEAP_2017 = 18;

const GPS_EPOCH_MS = Date.UTC(1980, 0, 6);

/** Calendar date and time (GPS scale): month 1–12, seconds may be fractional. */
export interface Calendar {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** Calendar (GPS scale) → seconds since the GPS epoch. Two-digit years follow RINEX: 80–99 → 19xx, 00–79 → 20xx. */
export function calendarToGps(c: Calendar): number {
  const y = c.year < 100 ? (c.year >= 80 ? 1900 + c.year : 2000 + c.year) : c.year;
  const whole = Math.floor(c.second);
  const ms = Date.UTC(y, c.month - 1, c.day, c.hour, c.minute, whole);
  return (ms - GPS_EPOCH_MS) / 1000 + (c.second - whole);
}

/** Seconds since the GPS epoch → calendar (GPS scale). Fractional seconds are kept to the nanosecond. */
export function gpsToCalendar(t: number): Calendar {
  const whole = Math.floor(t);
  const frac = Math.round((t - whole) * 1e9) / 1e9;
  const d = new Date(GPS_EPOCH_MS + whole * 1000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds() + frac,
  };
}

/** GPS week number (continuous, no rollover) and time of week (s). */
export function gpsWeekTow(t: number): { week: number; tow: number } {
  const week = Math.floor(t / SECONDS_PER_WEEK);
  return { week, tow: t - week * SECONDS_PER_WEEK };
}

/** GPS time → JavaScript Date in UTC, using the given GPS − UTC offset (default 18 s, valid since 2017). */
export function gpsToUtcDate(t: number, leap = GPS_UTC_LEAP_2017): Date {
  return new Date(GPS_EPOCH_MS + (t - leap) * 1000);
}

/** JavaScript Date (UTC) → GPS time, using the given GPS − UTC offset. */
export function utcDateToGps(d: Date, leap = GPS_UTC_LEAP_2017): number {
  return (d.getTime() - GPS_EPOCH_MS) / 1000 + leap;
}
