import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { createRequestContext, requestIdOf } from "@/server/api/context";
import type { TRPCContext } from "@/server/api/trpc";
import { RateLimitExceeded } from "@/server/domain/api/rate-limits";
import { observeHttp } from "@/server/metrics/registry";

/** Known procedure paths: anything else is labelled "unknown", so a client cannot mint series. */
const PROCEDURES = new Set(Object.keys(appRouter._def.procedures));

const handler = async (req: Request) => {
  const started = performance.now();
  const requestId = requestIdOf(req.headers);
  let ctx: TRPCContext | null = null;
  const res = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async () => (ctx = await createRequestContext(req.headers, requestId)),
    responseMeta({ errors }) {
      const headers = new Headers({ "x-request-id": requestId });
      const limited = errors.map((e) => e.cause).find((c): c is RateLimitExceeded => c instanceof RateLimitExceeded);
      if (limited) headers.set("Retry-After", String(limited.retryAfterSeconds));
      return { headers };
    },
  });
  // One series per procedure (a batch counts each of its calls), never per raw URL.
  const paths = decodeURIComponent(new URL(req.url).pathname.slice("/api/trpc/".length)).split(",");
  const actor = (ctx as TRPCContext | null)?.actor;
  const tenantId = actor && actor.kind !== "platform" ? actor.tenantId : null;
  const seconds = (performance.now() - started) / 1000;
  for (const path of paths) observeHttp(`trpc:${PROCEDURES.has(path) ? path : "unknown"}`, res.status, tenantId, seconds);
  return res;
};

export { handler as GET, handler as POST };
