import { z } from "zod";

/* Billing inputs shared by routers and forms (no database imports: forms are client code). */

export const billingRunInput = z.object({
  throughDate: z.iso.date("Enter a date (YYYY-MM-DD)"),
});

/** "Recognize revenue through": a day of a month that is over (the domain refuses an open month). */
export const recognitionInput = z.object({
  throughDate: z.iso.date("Enter a date (YYYY-MM-DD)"),
});
