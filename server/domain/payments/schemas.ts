import { z } from "zod";
import { CURRENCIES } from "../money/money";
import { listInput } from "../lists";

/** An amount as typed by a person, in major units ("125.50"); converted with the currency's minor units. */
export const amountInput = z
  .string({ message: "Enter an amount" })
  .trim()
  .regex(/^\d{1,15}(\.\d{1,3})?$/, "Enter an amount like 125.50");

export const requestKeyInput = z.string().trim().min(8, "A request key has at least 8 characters").max(100);

export const recordPaymentInput = z.object({
  customerId: z.uuid("Choose a customer"),
  currency: z.enum(CURRENCIES, { message: "Unknown currency" }),
  amount: amountInput,
  method: z.enum(["manual", "bank_transfer"], { message: "Method is manual or bank transfer" }),
  receivedOn: z.iso.date("Received on must be a date (YYYY-MM-DD)"),
  reference: z.string().trim().max(100, "At most 100 characters").default(""),
  /** Omitted: oldest open invoices first. */
  allocations: z
    .array(z.object({ invoiceId: z.uuid("Choose an invoice"), amount: amountInput }))
    .max(100, "At most 100 invoices per payment")
    .optional(),
  requestKey: requestKeyInput,
});
export type RecordPaymentInput = z.input<typeof recordPaymentInput>;

export const cardInput = z.object({
  number: z.string().trim().min(1, "Enter the card number").max(30, "Enter the card number"),
  expMonth: z.coerce.number({ message: "Expiry month is 1 to 12" }).int("Expiry month is 1 to 12"),
  expYear: z.coerce.number({ message: "Expiry year is a four-digit year" }).int("Expiry year is a four-digit year"),
  cvc: z.string().trim().min(1, "Enter the security code").max(4, "The security code is 3 or 4 digits"),
  holder: z.string().trim().max(100).optional(),
});

export const payInvoiceInput = z.object({
  invoiceId: z.uuid("Choose an invoice"),
  card: cardInput,
  requestKey: requestKeyInput,
});
export type PayInvoiceInput = z.input<typeof payInvoiceInput>;

export const listPaymentsInput = listInput.extend({
  customerId: z.uuid().optional(),
  status: z.enum(["pending", "succeeded", "failed"]).optional(),
  method: z.enum(["manual", "bank_transfer", "card"]).optional(),
});
export type ListPaymentsInput = z.input<typeof listPaymentsInput>;

export const applyCreditInput = z.object({ customerId: z.uuid("Choose a customer"), currency: z.enum(CURRENCIES, { message: "Unknown currency" }) });
