import { z } from "zod";
import { CUSTOMER_STATUSES } from "../../../db/schema/customers";
import { listInput } from "../lists";
import { emailSchema, passwordSchema } from "../tenancy/tenant-schemas";

/*
 * Inputs of the customers domain. The router validates with these and client forms import them, so
 * a field error reads the same in the browser and from the API (keys are the dotted input paths).
 */

export { CUSTOMER_STATUSES };
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

const text = (max: number) => z.string().trim().max(max, `At most ${max} characters`);
const optionalEmail = z.union([z.literal(""), emailSchema]);

/** Postal address, shared by the sold-to address and ship-to sites. Empty parts are allowed (a draft account). */
export const addressInput = z.object({
  addressLine1: text(200).default(""),
  addressLine2: text(200).default(""),
  city: text(100).default(""),
  postalCode: text(20).default(""),
  countryCode: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^([A-Z]{2})?$/, "Use a two-letter country code (ISO 3166, e.g. DE)")
    .default(""),
});

/** Minor units (cents): a bigint, an integer or a digit string, never negative. */
export const creditLimitMinorInput = z
  .union([z.bigint(), z.number().int("Enter a whole number of minor units"), z.string().trim().regex(/^-?\d{1,18}$/, "Enter a whole number of minor units")])
  .transform((v) => BigInt(v))
  .refine((v) => v >= 0n, "Credit limit cannot be negative")
  .refine((v) => v < 10n ** 17n, "Credit limit is too large");

export const customerCodeInput = z
  .string()
  .trim()
  .toUpperCase()
  .min(1, "Enter a code or leave it empty to get the next number")
  .max(32, "At most 32 characters")
  .regex(/^[A-Z0-9][A-Z0-9._-]*$/, "Use letters, digits, dots, dashes and underscores");

const accountFields = {
  name: z.string().trim().min(2, "Name must be at least 2 characters").max(200, "At most 200 characters"),
  /** A direct customer has none. A reseller's session always creates under itself (RLS enforces it). */
  resellerId: z.uuid("Choose a reseller").nullable().default(null),
  currency: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, "Use a three-letter ISO currency code"),
  paymentTermsDays: z.number({ error: "Enter the payment terms in days" }).int("Whole days").min(0, "Payment terms cannot be negative").max(365, "At most 365 days").default(30),
  taxJurisdiction: text(40).default(""),
  creditLimitMinor: creditLimitMinorInput.default(0n),
  billToName: text(200).default(""),
  billToEmail: optionalEmail.default(""),
};

export const createCustomerInput = z.object({
  /** The natural key: a retry with the same code and body returns the same customer. Omit for `C-000042`. */
  code: customerCodeInput.optional(),
  ...accountFields,
  ...addressInput.shape,
});
export type CreateCustomerInput = z.infer<typeof createCustomerInput>;

export const updateCustomerInput = z.object({
  id: z.uuid(),
  code: customerCodeInput.optional(),
  name: accountFields.name.optional(),
  resellerId: z.uuid("Choose a reseller").nullable().optional(),
  currency: accountFields.currency.optional(),
  paymentTermsDays: z.number({ error: "Enter the payment terms in days" }).int("Whole days").min(0, "Payment terms cannot be negative").max(365, "At most 365 days").optional(),
  taxJurisdiction: text(40).optional(),
  creditLimitMinor: creditLimitMinorInput.optional(),
  billToName: text(200).optional(),
  billToEmail: optionalEmail.optional(),
  addressLine1: text(200).optional(),
  addressLine2: text(200).optional(),
  city: text(100).optional(),
  postalCode: text(20).optional(),
  countryCode: addressInput.shape.countryCode.unwrap().optional(),
});
export type UpdateCustomerInput = z.infer<typeof updateCustomerInput>;

export const creditHoldInput = z.object({
  id: z.uuid(),
  reason: z.string().trim().min(3, "Say why the account is on hold (at least 3 characters)").max(500, "At most 500 characters"),
});
export const releaseCreditHoldInput = z.object({
  id: z.uuid(),
  reason: z.string().trim().max(500, "At most 500 characters").default(""),
});

export const siteInput = z.object({
  /** Optional client-chosen id: a retry with the same id and body returns the same site. */
  id: z.uuid().optional(),
  customerId: z.uuid(),
  name: z.string().trim().min(1, "Name the site (e.g. Main warehouse)").max(120, "At most 120 characters"),
  ...addressInput.shape,
  isDefault: z.boolean().default(false),
});
export type SiteInput = z.infer<typeof siteInput>;

export const updateSiteInput = z.object({
  customerId: z.uuid(),
  siteId: z.uuid(),
  name: siteInput.shape.name.optional(),
  addressLine1: text(200).optional(),
  addressLine2: text(200).optional(),
  city: text(100).optional(),
  postalCode: text(20).optional(),
  countryCode: addressInput.shape.countryCode.unwrap().optional(),
});

export const setDefaultSiteInput = z.object({ customerId: z.uuid(), siteId: z.uuid() });

export const contactInput = z.object({
  customerId: z.uuid(),
  name: z.string().trim().min(1, "Enter the contact's name").max(120, "At most 120 characters"),
  email: emailSchema,
  phone: z.string().trim().max(40, "At most 40 characters").regex(/^[0-9+()./ -]*$/, "Use digits, spaces and + ( ) . / -").default(""),
  role: text(80).default(""),
});
export type ContactInput = z.infer<typeof contactInput>;

export const updateContactInput = z.object({
  customerId: z.uuid(),
  contactId: z.uuid(),
  name: contactInput.shape.name.optional(),
  phone: z.string().trim().max(40, "At most 40 characters").regex(/^[0-9+()./ -]*$/, "Use digits, spaces and + ( ) . / -").optional(),
  role: text(80).optional(),
});

export const PORTAL_ROLES = ["customer_admin", "customer_buyer"] as const;

export const inviteContactInput = z.object({
  customerId: z.uuid(),
  contactId: z.uuid(),
  role: z.enum(PORTAL_ROLES, { message: "Choose customer admin or buyer" }),
  /** Only used when the email has no login yet; an existing login keeps its own password. */
  password: passwordSchema,
});
export type InviteContactInput = z.infer<typeof inviteContactInput>;

export const CUSTOMER_SORTS = ["name", "code", "city", "status", "created"] as const;

export const customerListInput = listInput.extend({
  /** Any other key (from a hand-edited URL) falls back to the default sort, by name. */
  sort: z.string().max(40).optional().transform((v) => CUSTOMER_SORTS.find((s) => s === v)),
  status: z.enum(CUSTOMER_STATUSES).optional(),
  /** A reseller's id, or "direct" for customers without one. */
  reseller: z.union([z.uuid(), z.literal("direct")]).optional(),
  country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, "Use a two-letter country code").optional(),
});
export type CustomerListInput = z.infer<typeof customerListInput>;

export const customerIdInput = z.object({ id: z.uuid() });

/** The list's filters from URL query parameters (the page and the CSV export read the same names); bad values are dropped. */
export function customerListFilters(params: Record<string, string | undefined>): Pick<CustomerListInput, "status" | "reseller" | "country"> {
  const { status, reseller, country } = customerListInput.shape;
  const ok = <T>(r: { success: true; data: T } | { success: false }) => (r.success ? r.data : undefined);
  return {
    status: ok(status.safeParse(params.status || undefined)),
    reseller: ok(reseller.safeParse(params.reseller || undefined)),
    country: ok(country.safeParse(params.country || undefined)),
  };
}
