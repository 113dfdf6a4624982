import { z } from "zod";
import { themeOverridesSchema, THEME_PRESET_NAMES } from "../../../themes";
import { listInput } from "../lists";
import { CURRENCIES } from "../money/money";
import { emailSchema, passwordSchema } from "../tenancy/tenant-schemas";

const isoDate = (label: string) => z.iso.date(`${label} must be a date (YYYY-MM-DD)`);
const decimal = (label: string) => z.union([z.string(), z.number()]).pipe(z.coerce.string()).refine((v) => /^-?\d+(\.\d{1,6})?$/.test(v.trim()), `${label} must be a number with at most 6 decimals`);

export const COMMERCIAL_MODEL_OPTIONS = ["agency", "buy_sell"] as const;

export const inviteResellerInput = z.object({
  company: z.string().trim().min(2, "Company name must be at least 2 characters").max(120),
  contactName: z.string().trim().min(1, "Enter the contact's name").max(120),
  contactEmail: emailSchema,
  commercialModel: z.enum(COMMERCIAL_MODEL_OPTIONS, { message: "Commercial model is agency or buy_sell" }),
});
export type InviteResellerInput = z.infer<typeof inviteResellerInput>;

export const inviteAgentInput = z.object({
  name: z.string().trim().min(1, "Enter the agent's name").max(120),
  email: emailSchema,
  role: z.enum(["reseller_admin", "reseller_agent"]).default("reseller_agent"),
});

export const acceptInvitationInput = z.object({
  token: z.string().trim().min(20, "This invitation link is incomplete").max(200),
  name: z.string().trim().min(1, "Enter your name").max(120),
  password: passwordSchema,
});

export const resellerIdInput = z.object({ resellerId: z.uuid("No such reseller") });

export const setResellerStatusInput = resellerIdInput.extend({ status: z.enum(["active", "suspended"]), reason: z.string().trim().max(500).default("") });

export const setCommercialTermsInput = resellerIdInput.extend({
  commercialModel: z.enum(COMMERCIAL_MODEL_OPTIONS),
  wholesalePriceBookId: z.uuid("Choose a price book").nullable(),
});

export const brandingInput = z.object({
  themePreset: z.enum(THEME_PRESET_NAMES, { message: `Theme must be one of: ${THEME_PRESET_NAMES.join(", ")}` }).nullable(),
  overrides: themeOverridesSchema,
});

export const resellerDomainInput = z.object({ host: z.string().trim().min(3, "Enter a host name like portal.example.com").max(253) });

/** A band: from this much revenue in the period (major units) on, this rate. */
export const rateBandInput = z.object({
  categoryId: z.uuid().nullable().default(null),
  from: decimal("Band start").refine((v) => !v.trim().startsWith("-"), "Band start cannot be negative").default("0"),
  ratePercent: decimal("Rate").refine((v) => Number(v) >= 0, "A commission rate cannot be negative").refine((v) => Number(v) <= 100, "A commission rate cannot be over 100%"),
});

export const savePlanInput = z
  .object({
    resellerId: z.uuid("No such reseller"),
    /** Set to replace that plan's window and bands; absent to add a plan. */
    planId: z.uuid().optional(),
    name: z.string().trim().min(1, "Name the plan").max(120),
    currency: z.enum(CURRENCIES, { message: "Unknown currency" }),
    effectiveFrom: isoDate("Start"),
    effectiveTo: isoDate("End").nullable().default(null),
    bands: z.array(rateBandInput).min(1, "A plan needs at least one rate").max(50),
  })
  .refine((p) => p.effectiveTo === null || p.effectiveTo > p.effectiveFrom, { message: "The end must be after the start", path: ["effectiveTo"] });
export type SavePlanInput = z.input<typeof savePlanInput>;

export const priceLimitInput = z
  .object({
    productId: z.uuid("Choose a product"),
    currency: z.enum(CURRENCIES, { message: "Unknown currency" }),
    floorPrice: decimal("Floor").refine((v) => Number(v) >= 0, "The floor cannot be negative"),
    ceilingPrice: decimal("Ceiling"),
  })
  .refine((l) => Number(l.ceilingPrice) >= Number(l.floorPrice), { message: "The ceiling must be at least the floor", path: ["ceilingPrice"] });

export const resellerPriceInput = z.object({
  productId: z.uuid("Choose a product"),
  unitPrice: decimal("Price").refine((v) => Number(v) >= 0, "A price cannot be negative"),
  effectiveFrom: isoDate("Start"),
});

export const sellablePlanInput = z.object({ productId: z.uuid("Choose a plan"), allowed: z.boolean() });

export const periodMonthSchema = isoDate("Period").refine((d) => d.endsWith("-01"), "A period is a month: give its first day (YYYY-MM-01)");

export const requestCommissionRunInput = z.object({ periodMonth: periodMonthSchema });

export const statementListInput = listInput.extend({
  resellerId: z.uuid().optional(),
  status: z.enum(["draft", "approved", "paid"]).optional(),
});

export const statementIdInput = z.object({ statementId: z.uuid("No such statement") });

export const recordPayoutInput = z.object({
  statementId: z.uuid("No such statement"),
  amount: decimal("Amount").refine((v) => Number(v) > 0, "A payout must be more than zero"),
  paidOn: isoDate("Paid on"),
  reference: z.string().trim().max(120).default(""),
  requestKey: z.string().trim().min(8).max(100),
});

export const marginReportInput = z.object({ resellerId: z.uuid().optional(), from: isoDate("From"), to: isoDate("To") });
