/*
 * The shape checks of one usage event, written by hand rather than with zod: the batch path checks
 * up to 10,000 events per call and this runs in a few microseconds per event.
 */

/** One event as a client sends it. `meter` is the meter's code (e.g. "api_calls"), as on the contract. */
export interface UsageEventInput {
  eventId: string;
  meter: string;
  subscriptionId: string;
  quantity: string | number;
  /** ISO 8601 with a time zone: "2026-11-23T10:15:00Z" or "2026-11-23T11:15:00+01:00". */
  timestamp: string;
}

/** An event whose fields are well-formed; the contract checks come later. */
export interface ParsedEvent {
  index: number;
  eventId: string;
  meter: string;
  subscriptionId: string;
  /** Canonical decimal string, at most 6 decimals. */
  quantity: string;
  /** Milliseconds since the epoch. */
  at: number;
  /** The instant as Postgres will read it: the client's text when already canonical, else normalised. */
  timestamp: string;
}

export const EVENT_ID_MAX_LENGTH = 200;
/** A timestamp later than this after the server's clock is refused as "in the future". */
export const FUTURE_TOLERANCE_MS = 60 * 60 * 1000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const QUANTITY = /^(\d{1,14})(?:\.(\d{1,6}))?$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A well-formed event, or the reason it is not. */
export function parseEvent(e: UsageEventInput, index: number, nowMs: number, knownSubscriptionIds?: Set<string>): ParsedEvent | string {
  if (typeof e !== "object" || e === null) return "not an event object";
  const { eventId, meter, subscriptionId, timestamp } = e;
  if (typeof eventId !== "string" || eventId.length < 1 || eventId.length > EVENT_ID_MAX_LENGTH) return `eventId must be 1-${EVENT_ID_MAX_LENGTH} characters`;
  if (CONTROL.test(eventId)) return "eventId must not contain control characters";
  if (typeof meter !== "string" || meter.length === 0 || meter.length > 100) return "meter must be a meter code";
  if (typeof subscriptionId !== "string") return "unknown subscription";
  // A batch names few contracts: each id is checked once (the caller's set remembers it).
  if (!knownSubscriptionIds?.has(subscriptionId)) {
    if (!UUID.test(subscriptionId)) return "unknown subscription";
    knownSubscriptionIds?.add(subscriptionId);
  }
  const quantity = parseQuantity(e.quantity);
  if (quantity.charCodeAt(0) === 33 /* "!" */) return quantity.slice(1);
  if (typeof timestamp !== "string") return "timestamp must be an ISO 8601 string with a time zone";
  const at = parseTimestampText(timestamp);
  if (at === null) return "timestamp must be an ISO 8601 string with a time zone, e.g. 2026-11-23T10:15:00Z";
  if (at.ms > nowMs + FUTURE_TOLERANCE_MS) return "timestamp is in the future";
  return { index, eventId, meter, subscriptionId: subscriptionId.toLowerCase(), quantity, at: at.ms, timestamp: at.canonical ? timestamp : new Date(at.ms).toISOString() };
}

/** The canonical decimal string, or "!" + the reason it is not a valid quantity. */
export function parseQuantity(value: unknown): string {
  let text: string;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return "!quantity must be a number";
    if (value < 0) return "!quantity must not be negative";
    // Numbers print in exponent form below 1e-6 and above 1e21; both are out of range anyway.
    text = String(value);
  } else if (typeof value === "string") {
    text = value.trim();
  } else {
    return "!quantity must be a decimal number";
  }
  if (QUANTITY.test(text)) return text;
  if (text.startsWith("-")) return /^-\d+(\.\d+)?$/.test(text) ? "!quantity must not be negative" : "!quantity must be a decimal number";
  if (/^\d+\.\d{7,}$/.test(text)) return "!quantity has more than 6 decimals";
  if (/^\d{15,}(\.\d+)?$/.test(text)) return "!quantity is too large";
  return "!quantity must be a decimal number";
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Epoch milliseconds of an ISO 8601 timestamp with an explicit zone; null for anything else (incl. Feb 30). */
export function parseTimestamp(text: string): number | null {
  return parseTimestampText(text)?.ms ?? null;
}

/**
 * The instant of an ISO 8601 timestamp with an explicit zone (null for anything else), computed from
 * the fields rather than by Date.parse (the hot spot of a 10,000-event batch), and whether Postgres
 * reads the text exactly as we do (seconds present, at most microseconds, upper-case T and Z).
 */
function parseTimestampText(text: string): { ms: number; canonical: boolean } | null {
  // By character codes, no regular expression or substrings: this runs for every event.
  const len = text.length;
  if (len < 17 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(13) !== 58) return null;
  const t = text.charCodeAt(10);
  if (t !== 84 && t !== 116) return null; // T or t
  const y = digits(text, 0, 4), mo = digits(text, 5, 2), d = digits(text, 8, 2), h = digits(text, 11, 2), mi = digits(text, 14, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0) return null;
  let i = 16, sec = 0, millis = 0, seconds = false, fractionDigits = 0;
  if (text.charCodeAt(i) === 58) { // :SS
    sec = digits(text, i + 1, 2);
    if (sec < 0) return null;
    seconds = true;
    i += 3;
    if (text.charCodeAt(i) === 46) { // .fraction, 1-9 digits; milliseconds truncated like Date.parse
      i++;
      while (fractionDigits < 10 && i + fractionDigits < len && isDigit(text.charCodeAt(i + fractionDigits))) fractionDigits++;
      if (fractionDigits < 1 || fractionDigits > 9) return null;
      for (let k = 0; k < 3; k++) millis = millis * 10 + (k < fractionDigits ? text.charCodeAt(i + k) - 48 : 0);
      i += fractionDigits;
    }
  }
  let offset = 0, zulu = false;
  const z = text.charCodeAt(i);
  if ((z === 90 || z === 122) && i + 1 === len) { // Z or z
    zulu = z === 90;
  } else if ((z === 43 || z === 45) && i + 6 === len && text.charCodeAt(i + 3) === 58) { // +HH:MM or -HH:MM
    const offH = digits(text, i + 1, 2), offM = digits(text, i + 4, 2);
    if (offH < 0 || offM < 0 || offH > 14 || offM > 59) return null;
    offset = (z === 45 ? -1 : 1) * (offH * 60 + offM) * 60_000;
  } else {
    return null;
  }
  const leap = mo === 2 && (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? 1 : 0;
  if (mo < 1 || mo > 12 || d < 1 || d > DAYS_IN_MONTH[mo - 1] + leap) return null;
  if (h > 23 || mi > 59 || sec > 59) return null;
  // Date.UTC reads years 0-99 as 1900-1999; 400 years later the calendar repeats exactly.
  const ms = y < 100 ? Date.UTC(y + 400, mo - 1, d, h, mi, sec, millis) - 146_097 * 86_400_000 - offset : Date.UTC(y, mo - 1, d, h, mi, sec, millis) - offset;
  if (!Number.isFinite(ms)) return null;
  // What Postgres reads exactly as we do: seconds present, at most microseconds, upper-case T and Z.
  const canonical = seconds && fractionDigits <= 6 && t === 84 && (zulu || z === 43 || z === 45);
  return { ms, canonical };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The number written by `count` ASCII digits at `at`, or -1. */
function digits(text: string, at: number, count: number): number {
  let n = 0;
  for (let k = 0; k < count; k++) {
    const c = text.charCodeAt(at + k);
    if (c < 48 || c > 57) return -1;
    n = n * 10 + c - 48;
  }
  return n;
}
