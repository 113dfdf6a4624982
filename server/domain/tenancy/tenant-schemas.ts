import { z } from "zod";
import { THEME_PRESET_NAMES, themeOverridesSchema } from "../../../themes";

/** Hosts under the base domain that can never be a tenant. */
export const RESERVED_SLUGS = ["www", "api", "app", "admin", "console", "platform", "static", "assets", "mail", "status"];

export const tenantSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, "Slug must be 3 to 32 characters")
  .max(32, "Slug must be 3 to 32 characters")
  .regex(/^[a-z][a-z0-9-]*[a-z0-9]$/, "Slug may use lowercase letters, digits and inner hyphens, starting with a letter")
  .refine((s) => !s.includes("--"), "Slug may not contain two hyphens in a row")
  .refine((s) => !RESERVED_SLUGS.includes(s), "That slug is reserved");

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address")).pipe(z.string().max(254));

export const passwordSchema = z.string().min(10, "Password must be at least 10 characters").max(200, "Password is too long");

export const createTenantInput = z.object({
  slug: tenantSlugSchema,
  name: z.string().trim().min(2, "Name must be at least 2 characters").max(80, "Name must be at most 80 characters"),
  themePreset: z.enum(THEME_PRESET_NAMES, { message: `Theme must be one of: ${THEME_PRESET_NAMES.join(", ")}` }),
  admin: z.object({
    name: z.string().trim().min(1, "Enter the admin's name").max(120),
    email: emailSchema,
    password: passwordSchema,
  }),
});
export type CreateTenantInput = z.infer<typeof createTenantInput>;

export const updateTenantThemeInput = z.object({
  slug: tenantSlugSchema,
  themePreset: z.enum(THEME_PRESET_NAMES, { message: `Theme must be one of: ${THEME_PRESET_NAMES.join(", ")}` }),
  overrides: themeOverridesSchema,
});
export type UpdateTenantThemeInput = z.infer<typeof updateTenantThemeInput>;

export const pageInput = z.object({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
  search: z.string().trim().max(100).optional(),
});
export type PageInput = z.infer<typeof pageInput>;
