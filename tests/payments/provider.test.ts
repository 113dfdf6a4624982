import { describe, expect, test } from "vitest";
import { DomainError } from "../../server/domain/errors";
import { luhnValid, TEST_CARDS, TestPaymentProvider, validateCard } from "../../server/domain/payments/provider";

const now = () => new Date("2026-06-15T12:00:00Z");
const card = (number: string) => ({ number, expMonth: 12, expYear: 2030, cvc: "123" });
const charge = (provider: TestPaymentProvider, number: string, key = `k-${number}`) =>
  provider.charge({ source: { card: card(number) }, amountMinor: 1250n, currency: "EUR", idempotencyKey: key });

describe("Luhn", () => {
  test.each([
    ["4242424242424242", true],
    ["4000000000000002", true],
    ["4000000000000119", true],
    ["79927398713", true],
    ["4242424242424241", false],
    ["4242a24242424242", false],
  ])("%s -> %s", (digits, ok) => expect(luhnValid(digits)).toBe(ok));
});

describe("card validation", () => {
  test("spaces and dashes are allowed; a bad check digit, short number, bad month, past expiry, bad cvc are refused by field", () => {
    expect(validateCard(card("4242-4242 4242-4242"), now()).digits).toBe("4242424242424242");
    const refused = (c: Parameters<typeof validateCard>[0]) => {
      try {
        validateCard(c, now());
      } catch (e) {
        expect(e).toBeInstanceOf(DomainError);
        return (e as DomainError).details!;
      }
      throw new Error("accepted");
    };
    expect(refused(card("4242 4242 4242 4241")).number[0]).toMatch(/check digit/);
    expect(refused(card("4242")).number[0]).toMatch(/12 to 19 digits/);
    expect(refused({ ...card(TEST_CARDS.succeeds), expMonth: 13 }).expMonth).toBeDefined();
    expect(refused({ ...card(TEST_CARDS.succeeds), expMonth: 5, expYear: 2026 }).expYear[0]).toMatch(/expired/);
    expect(validateCard({ ...card(TEST_CARDS.succeeds), expMonth: 6, expYear: 2026 }, now()).digits).toHaveLength(16); // valid through June
    expect(refused({ ...card(TEST_CARDS.succeeds), cvc: "12" }).cvc).toBeDefined();
  });
});

describe("the test provider", () => {
  test("0002 declines, 0119 times out (typed, after a short delay), other cards succeed", async () => {
    const provider = new TestPaymentProvider({ timeoutDelayMs: 20, now });
    const ok = await charge(provider, TEST_CARDS.succeeds);
    expect(ok.outcome).toBe("succeeded");
    expect(ok.last4).toBe("4242");
    expect(ok.reference).toMatch(/^test_ch_[0-9a-f]{16}$/);
    const declined = await charge(provider, TEST_CARDS.declines);
    expect(declined).toMatchObject({ outcome: "declined", reason: "Your card was declined", last4: "0002" });
    const started = Date.now();
    const timedOut = await charge(provider, TEST_CARDS.timesOut);
    expect(timedOut).toMatchObject({ outcome: "timeout", last4: "0119" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
  });

  test("deterministic: the same key gets the same answer; a token charges the same card again", async () => {
    const a = new TestPaymentProvider({ now });
    const b = new TestPaymentProvider({ now });
    const first = await charge(a, TEST_CARDS.succeeds, "pay-1");
    expect(await charge(a, TEST_CARDS.succeeds, "pay-1")).toEqual(first);
    expect(await charge(b, TEST_CARDS.succeeds, "pay-1")).toEqual(first);
    expect((await charge(a, TEST_CARDS.succeeds, "pay-2")).reference).not.toBe(first.reference);

    const declined = await charge(a, TEST_CARDS.declines, "pay-3");
    const retry = await a.charge({ source: { token: declined.token }, amountMinor: 1250n, currency: "EUR", idempotencyKey: "retry-1" });
    expect(retry).toMatchObject({ outcome: "declined", last4: "0002", token: declined.token });
    const good = await a.charge({ source: { token: first.token }, amountMinor: 99n, currency: "EUR", idempotencyKey: "retry-2" });
    expect(good.outcome).toBe("succeeded");
  });

  test("malformed input is refused before any charge", async () => {
    const provider = new TestPaymentProvider({ now });
    await expect(charge(provider, "1234 5678 9012 3456")).rejects.toThrow(/not valid/);
    await expect(provider.charge({ source: { token: "tok_fake" }, amountMinor: 1n, currency: "EUR", idempotencyKey: "x" })).rejects.toThrow(/Unknown card token/);
    await expect(provider.charge({ source: { card: card(TEST_CARDS.succeeds) }, amountMinor: 0n, currency: "EUR", idempotencyKey: "x" })).rejects.toThrow(/positive/);
  });
});
