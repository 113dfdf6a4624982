import type { TRPCError } from "@trpc/server";
import { RateLimitExceeded } from "../domain/api/rate-limits";
import { observeHttp } from "../metrics/registry";
import { appRouter } from "./root";
import type { TRPCContext } from "./trpc";

/*
 * What every HTTP answer of /api/trpc carries, whichever server runs it: Next's route handler
 * (app/api/trpc) or the API fast path of the production server (server/http).
 */

export const TRPC_ENDPOINT = "/api/trpc";

/** Known procedure paths: anything else is labelled "unknown", so a client cannot mint series. */
const PROCEDURES = new Set(Object.keys(appRouter._def.procedures));

/** tRPC's `responseMeta`: the request id on every answer, and Retry-After when a rate limit refused the call. */
export function trpcResponseMeta(requestId: string) {
  return ({ errors }: { errors: TRPCError[] }) => {
    const headers = new Headers({ "x-request-id": requestId });
    const limited = errors.map((e) => e.cause).find((c): c is RateLimitExceeded => c instanceof RateLimitExceeded);
    if (limited) headers.set("Retry-After", String(limited.retryAfterSeconds));
    return { headers };
  };
}

/** One metrics series per procedure (a batch counts each of its calls), never per raw URL. */
export function observeTrpcRequest(pathname: string, status: number, ctx: TRPCContext | null, seconds: number): void {
  const paths = decodeURIComponent(pathname.slice(TRPC_ENDPOINT.length + 1)).split(",");
  const actor = ctx?.actor;
  const tenantId = actor && actor.kind !== "platform" ? actor.tenantId : null;
  for (const path of paths) observeHttp(`trpc:${PROCEDURES.has(path) ? path : "unknown"}`, status, tenantId, seconds);
}
