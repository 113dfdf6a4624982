import { z } from "zod";

/** "Run now" input: shared by the router and the form (no database imports here: the form is client code). */
export const runNowInput = z.object({
  throughDate: z.iso.date("Enter a date (YYYY-MM-DD)"),
});
