import { TRPCError } from "@trpc/server";
import type { ReactNode } from "react";
import { Alert } from "@/components/ui/primitives";

/** Runs a server-side query; a role that may not see it gets a clear message instead of an error page. */
export async function guarded<T>(load: () => Promise<T>, render: (data: T) => ReactNode): Promise<ReactNode> {
  try {
    return render(await load());
  } catch (error) {
    if (error instanceof TRPCError && error.code === "FORBIDDEN") {
      return <Alert testId="access-denied">Your role does not have access to this section. Ask an owner or admin of this workspace.</Alert>;
    }
    throw error;
  }
}

export function pageFrom(searchParams: Record<string, string | string[] | undefined>): { page: number; search?: string } {
  const page = Number(searchParams.page);
  const search = typeof searchParams.q === "string" && searchParams.q.trim() ? searchParams.q.trim().slice(0, 100) : undefined;
  return { page: Number.isInteger(page) && page > 0 ? page : 1, search };
}
