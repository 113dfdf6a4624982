import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { createRequestContext, requestIdOf } from "@/server/api/context";
import type { TRPCContext } from "@/server/api/trpc";
import { observeTrpcRequest, TRPC_ENDPOINT, trpcResponseMeta } from "@/server/api/trpc-http";

/*
 * tRPC under Next: `next dev`, and in production the calls the API fast path (server/http) leaves to
 * Next (a session old enough for Auth.js to renew).
 */
const handler = async (req: Request) => {
  const started = performance.now();
  const requestId = requestIdOf(req.headers);
  let ctx: TRPCContext | null = null;
  const res = await fetchRequestHandler({
    endpoint: TRPC_ENDPOINT,
    req,
    router: appRouter,
    createContext: async () => (ctx = await createRequestContext(req.headers, requestId)),
    responseMeta: trpcResponseMeta(requestId),
  });
  observeTrpcRequest(new URL(req.url).pathname, res.status, ctx, (performance.now() - started) / 1000);
  return res;
};

export { handler as GET, handler as POST };
