import { TRPCClientError } from "@trpc/client";
import type { AppRouter } from "@/server/api/root";
import { fieldErrorsByPath } from "@/server/domain/errors";

/** Field errors keyed by dotted path ("admin.email"), as the tRPC error formatter sends them. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!(error instanceof TRPCClientError)) return {};
  const data = (error as TRPCClientError<AppRouter>).data as
    | { fieldErrors?: Record<string, string[]> | null }
    | undefined;
  const out: Record<string, string> = {};
  for (const [key, messages] of Object.entries(data?.fieldErrors ?? {})) {
    if (messages?.[0]) out[key] = messages[0];
  }
  return out;
}

/** Zod issues of a client-side parse, keyed like the server's (first message per field). */
export function issuesByPath(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): Record<string, string> {
  return Object.fromEntries(Object.entries(fieldErrorsByPath(issues)).map(([path, messages]) => [path, messages[0]]));
}

export function formErrorMessage(error: unknown): string | null {
  if (!error) return null;
  return error instanceof Error ? error.message : "Something went wrong. Please try again.";
}
