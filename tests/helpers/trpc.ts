import { TRPCError } from "@trpc/server";
import { fieldErrorsByPath } from "../../server/domain/errors";

/**
 * The typed error a call failed with, and its field errors keyed by dotted path as the API sends
 * them (zod issues, or a domain rule's details). Fails the test when the call succeeded.
 */
export async function failure(call: Promise<unknown>): Promise<{ code: string; message: string; fields: Record<string, string[]> }> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const cause = error.cause as { issues?: Array<{ path: PropertyKey[]; message: string }>; details?: Record<string, string[]> } | undefined;
    return { code: error.code, message: error.message, fields: { ...(cause?.details ?? {}), ...fieldErrorsByPath(cause?.issues ?? []) } };
  }
  throw new Error("expected the call to fail, but it succeeded");
}
