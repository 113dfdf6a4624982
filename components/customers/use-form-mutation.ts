"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { fieldErrorsOf, formErrorMessage, issuesByPath } from "@/components/console/form-errors";

/**
 * The error state of a form posting through a tRPC mutation: client-side zod issues first, then
 * the server's field errors (same dotted keys), else one message for the whole form.
 */
export function useFormErrors(error: unknown) {
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const serverFields = fieldErrorsOf(error);
  const fields = { ...serverFields, ...clientErrors };
  const formMessage = error && Object.keys(serverFields).length === 0 ? formErrorMessage(error) : null;
  return {
    fields,
    formMessage,
    setIssues: (issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>) => setClientErrors(issuesByPath(issues)),
    clear: () => setClientErrors({}),
  };
}

/** Re-renders the server components of the current page after a change. */
export function useRefresh() {
  const router = useRouter();
  return () => router.refresh();
}
