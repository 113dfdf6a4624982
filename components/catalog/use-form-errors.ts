"use client";

import { fieldErrorsOf, formErrorMessage } from "@/components/console/form-errors";

/** Field errors (dotted paths, as the server sends them) and one message when no field is named. */
export function formErrors(error: unknown) {
  const fields = fieldErrorsOf(error);
  const message = error ? (Object.keys(fields).length ? "Please fix the fields marked below." : formErrorMessage(error)) : null;
  return { fields, message };
}
