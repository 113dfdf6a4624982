import { z } from "zod";
import { positiveDecimal } from "./schemas";

/**
 * A stock item's substitutes, in the order they are tried (the first is rank 1). `ratio` is how
 * many substitute units replace one unit of the product. Setting the list replaces it whole, so a
 * retry of the same list is a no-op.
 */
export const setSubstitutesInput = z
  .object({
    productId: z.uuid("Unknown product"),
    substitutes: z
      .array(
        z.object({
          substituteId: z.uuid("Pick a substitute"),
          ratio: positiveDecimal("Ratio").default("1"),
        }),
      )
      .max(20, "At most 20 substitutes"),
  })
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    input.substitutes.forEach((s, i) => {
      if (s.substituteId === input.productId) ctx.addIssue({ code: "custom", path: ["substitutes", i, "substituteId"], message: "A product cannot substitute itself" });
      else if (seen.has(s.substituteId)) ctx.addIssue({ code: "custom", path: ["substitutes", i, "substituteId"], message: "This substitute is already listed" });
      seen.add(s.substituteId);
    });
  });
export type SetSubstitutesInput = z.infer<typeof setSubstitutesInput>;
