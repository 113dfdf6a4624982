import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { createRequestContext } from "@/server/api/context";
import { RateLimitExceeded } from "@/server/domain/api/rate-limits";

const handler = (req: Request) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createRequestContext(req.headers),
    responseMeta({ errors }) {
      const limited = errors.map((e) => e.cause).find((c): c is RateLimitExceeded => c instanceof RateLimitExceeded);
      return limited ? { headers: { "Retry-After": String(limited.retryAfterSeconds) } } : {};
    },
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed`, error.cause ?? error);
    },
  });

export { handler as GET, handler as POST };
