import { z } from "zod";
import { API_SCOPES, type ApiScope } from "../../../db/schema/api";

/** Creating an API key; the portal's form validates with the same schema. */
export const createApiKeyInput = z.object({
  name: z.string().trim().min(2, "Name the key (at least 2 characters)").max(80, "At most 80 characters"),
  scopes: z.array(z.enum(API_SCOPES as unknown as [ApiScope, ...ApiScope[]], { message: "Unknown scope" })).min(1, "Choose at least one scope").max(API_SCOPES.length),
  /** Optional expiry, at least an hour ahead. */
  expiresAt: z.coerce.date().refine((d) => d.getTime() > Date.now() + 3_600_000, "Expiry must be at least an hour from now").nullable().default(null),
});
export type CreateApiKeyInput = z.input<typeof createApiKeyInput>;
