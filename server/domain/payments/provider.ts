import { createHash } from "node:crypto";
import { DomainError } from "../errors";

/*
 * The payment provider behind an interface: the app charges a card (or a token the provider gave for
 * one) and gets back a typed outcome. A real gateway plugs in by implementing `PaymentProvider`; the
 * deterministic TEST provider below is what the demo and the tests use.
 */

export interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
  holder?: string;
}

export interface ChargeRequest {
  /** A card as typed, or a token returned by an earlier charge (what dunning retries use). */
  source: { card: CardInput } | { token: string };
  amountMinor: bigint;
  currency: string;
  /** The provider charges once per key: a retried request gets the first attempt's outcome back. */
  idempotencyKey: string;
}

interface ChargeCommon {
  /** The provider's reference for this attempt (stored on the payment). */
  reference: string;
  /** A reusable token for the card (for retries), and its last four digits for display. */
  token: string;
  last4: string;
}

export type ChargeResult =
  | ({ outcome: "succeeded" } & ChargeCommon)
  | ({ outcome: "declined"; reason: string } & ChargeCommon)
  /** No answer in time: the money did not move as far as we know; the caller treats it as a failure to retry. */
  | ({ outcome: "timeout"; reason: string } & ChargeCommon);

export interface PaymentProvider {
  readonly name: string;
  charge(request: ChargeRequest): Promise<ChargeResult>;
}

/** Luhn's checksum over a string of digits. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * A card's fields checked the way a provider would: 12-19 digits (spaces and dashes allowed) passing
 * Luhn, a month 1-12, an expiry not in the past, a 3-4 digit CVC. Errors are keyed by field for forms.
 */
export function validateCard(card: CardInput, today: Date = new Date()): { digits: string } {
  const errors: Record<string, string[]> = {};
  const digits = card.number.replace(/[\s-]/g, "");
  if (!/^\d{12,19}$/.test(digits)) errors.number = ["A card number has 12 to 19 digits"];
  else if (!luhnValid(digits)) errors.number = ["This card number is not valid (check digit mismatch)"];
  if (!Number.isInteger(card.expMonth) || card.expMonth < 1 || card.expMonth > 12) errors.expMonth = ["Expiry month is 1 to 12"];
  if (!Number.isInteger(card.expYear) || card.expYear < 2000 || card.expYear > 2100) errors.expYear = ["Expiry year is a four-digit year"];
  else if (!errors.expMonth && card.expYear * 12 + card.expMonth < today.getUTCFullYear() * 12 + today.getUTCMonth() + 1) errors.expYear = ["This card has expired"];
  if (!/^\d{3,4}$/.test(card.cvc)) errors.cvc = ["The security code is 3 or 4 digits"];
  const fields = Object.keys(errors);
  if (fields.length > 0) throw new DomainError("BAD_REQUEST", `Card details are not valid: ${Object.values(errors).flat().join("; ")}`, errors);
  return { digits };
}

const TEST_TOKEN = /^tok_test_(\d{4})_[0-9a-f]{16}$/;

/** Outcomes by the card's last four digits, like the well-known test cards of real gateways. */
export const TEST_CARDS = {
  succeeds: "4242 4242 4242 4242",
  declines: "4000 0000 0000 0002",
  timesOut: "4000 0000 0000 0119",
} as const;

/**
 * The deterministic test provider: a card ending in 0002 is declined, one ending in 0119 times out
 * (after `timeoutDelayMs`, as a typed result: never a hang), any other valid card succeeds. A malformed
 * card is refused with a clear error before anything is "charged". References and tokens derive from
 * the idempotency key and the card, so the same request always gets the same answer.
 */
export class TestPaymentProvider implements PaymentProvider {
  readonly name = "test";
  private readonly attempts = new Map<string, ChargeResult>();

  constructor(private readonly options: { timeoutDelayMs?: number; now?: () => Date } = {}) {}

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    if (request.amountMinor <= 0n) throw new DomainError("BAD_REQUEST", "A charge is a positive amount");
    if (!request.idempotencyKey) throw new DomainError("BAD_REQUEST", "A charge needs an idempotency key");
    const card = this.cardOf(request.source);
    const earlier = this.attempts.get(request.idempotencyKey);
    if (earlier) return earlier;

    const reference = `test_ch_${hash(`${request.idempotencyKey}|${card.fingerprint}|${request.amountMinor}|${request.currency}`)}`;
    const common: ChargeCommon = { reference, token: card.token, last4: card.last4 };
    let result: ChargeResult;
    if (card.last4 === "0002") result = { outcome: "declined", reason: "Your card was declined", ...common };
    else if (card.last4 === "0119") {
      await new Promise((resolve) => setTimeout(resolve, this.options.timeoutDelayMs ?? 50));
      result = { outcome: "timeout", reason: "The card issuer did not answer in time", ...common };
    } else result = { outcome: "succeeded", ...common };
    this.attempts.set(request.idempotencyKey, result);
    return result;
  }

  private cardOf(source: ChargeRequest["source"]): { last4: string; token: string; fingerprint: string } {
    if ("token" in source) {
      const match = TEST_TOKEN.exec(source.token);
      if (!match) throw new DomainError("BAD_REQUEST", "Unknown card token for the test provider");
      return { last4: match[1], token: source.token, fingerprint: source.token };
    }
    const { digits } = validateCard(source.card, this.options.now?.() ?? new Date());
    const fingerprint = hash(digits);
    const last4 = digits.slice(-4);
    return { last4, token: `tok_test_${last4}_${fingerprint}`, fingerprint };
  }
}

function hash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

let configured: PaymentProvider | null = null;

/** The provider in use: the test provider unless a real one was installed at start-up. */
export function paymentProvider(): PaymentProvider {
  configured ??= new TestPaymentProvider();
  return configured;
}

/** Installs a provider (a real gateway at start-up, or a test provider with a shorter delay). */
export function setPaymentProvider(provider: PaymentProvider): void {
  configured = provider;
}
