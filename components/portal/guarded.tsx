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

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * A list page's query from its URL: the string params (kept in links) and the typed input for the
 * list procedure. Bad values fall back to defaults rather than erroring.
 */
export function listQueryFrom(searchParams: SearchParams) {
  const params: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(searchParams)) if (typeof value === "string" && value.trim()) params[key] = value.trim().slice(0, 100);
  const page = Number(params.page);
  return {
    params,
    input: {
      page: Number.isInteger(page) && page > 0 ? page : 1,
      search: params.search,
      sort: params.sort,
      dir: params.dir === "desc" ? ("desc" as const) : ("asc" as const),
    },
  };
}
