import { z } from "zod";
import { listInput } from "../lists";
import { amountInput, requestKeyInput } from "../payments/schemas";

export const manualCreditNoteInput = z
  .object({
    invoiceId: z.uuid("Choose an invoice"),
    reason: z.string().trim().min(3, "Say why (at least 3 characters)").max(500, "At most 500 characters"),
    /** Net amounts per invoice line (tax follows at the line's rate); omitted with `full`: everything still creditable. */
    lines: z.array(z.object({ invoiceLineId: z.uuid("Choose an invoice line"), amount: amountInput })).max(200).optional(),
    full: z.boolean().default(false),
    requestKey: requestKeyInput,
  })
  .refine((v) => v.full || (v.lines && v.lines.length > 0), { path: ["lines"], message: "Credit at least one line, or the full invoice" });
export type ManualCreditNoteInput = z.input<typeof manualCreditNoteInput>;

export const decideCreditNoteInput = z.object({
  id: z.uuid(),
  decision: z.enum(["approved", "rejected"], { message: "Approve or reject" }),
});

export const voidInvoiceInput = z.object({
  invoiceId: z.uuid("Choose an invoice"),
  reason: z.string().trim().min(3, "Say why (at least 3 characters)").max(500, "At most 500 characters"),
  requestKey: requestKeyInput,
});
export type VoidInvoiceInput = z.input<typeof voidInvoiceInput>;

export const listCreditNotesInput = listInput.extend({
  status: z.enum(["pending_approval", "issued", "rejected"]).optional(),
  source: z.enum(["return", "proration", "manual"]).optional(),
  customerId: z.uuid().optional(),
  invoiceId: z.uuid().optional(),
});
export type ListCreditNotesInput = z.input<typeof listCreditNotesInput>;
