import type { IncomingMessage, ServerResponse } from "node:http";
import { nodeHTTPRequestHandler } from "@trpc/server/adapters/node-http";
import { createRequestContext, requestIdOf } from "../api/context";
import { appRouter } from "../api/root";
import { sessionFromCookies } from "../api/session-claims";
import type { TRPCContext } from "../api/trpc";
import { observeTrpcRequest, TRPC_ENDPOINT, trpcResponseMeta } from "../api/trpc-http";
import { logger } from "../logger";
import { answerDirectly, answerTooLarge, directCallOf, rawInputsOf, readBody, TRPC_MAX_BODY_BYTES } from "./trpc-direct";

/*
 * tRPC calls served straight from Node's HTTP server, the same router, context, headers and metrics
 * as Next's route handler (app/api/trpc) but without Next's per-request machinery (routing, web
 * Request/Response streams, async-storage scopes): a portal order costs the web process less than
 * half the CPU it took through Next (docs/orders.md, "Placing orders under contention").
 */

/** Node's request headers as the fetch `Headers` the request context reads. */
function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  return headers;
}

/**
 * Serves the request if it is a tRPC call this path may take, and says whether it did. A session
 * token old enough for Auth.js to renew is left to Next, where `auth()` runs and re-issues it.
 */
export async function serveTrpcCall(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = req.url ?? "";
  if (!url.startsWith(`${TRPC_ENDPOINT}/`)) return false;
  const session = await sessionFromCookies(req.headers.cookie ?? null);
  if (session === "ask-auth-js") return false;

  const started = performance.now();
  const queryAt = url.indexOf("?");
  const pathname = queryAt < 0 ? url : url.slice(0, queryAt);
  const headers = headersOf(req);
  const requestId = requestIdOf(headers);
  let ctx: TRPCContext | null = null;
  // The session read above: a token that ages past Auth.js's renewal point meanwhile stays this request's.
  const createContext = async () => (ctx = await createRequestContext(headers, requestId, session));
  try {
    const procedurePath = pathname.slice(TRPC_ENDPOINT.length + 1);
    const direct = directCallOf(req, procedurePath, queryAt < 0 ? "" : url.slice(queryAt + 1));
    const body = direct?.type === "mutation" ? await readBody(req) : null;
    const rawInputs = direct && body !== "too large" ? rawInputsOf(direct, body) : null;
    if (direct && rawInputs) await answerDirectly(res, direct, rawInputs, createContext, requestId);
    else await answerWithAdapter(req, res, procedurePath, body, createContext, requestId);
  } catch (error) {
    // tRPC answers every procedure error itself; this is the adapter failing (e.g. the client went away).
    logger.error({ err: error, requestId }, "tRPC request failed");
    if (!res.headersSent) res.writeHead(500, { "x-request-id": requestId });
    if (!res.writableEnded) res.end();
  }
  observeTrpcRequest(pathname, res.statusCode, ctx, (performance.now() - started) / 1000);
  return true;
}

/** tRPC's Node adapter, for every call `answerDirectly` does not take; a body already read is handed over as `req.body`. */
async function answerWithAdapter(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  body: string | null,
  createContext: () => Promise<TRPCContext>,
  requestId: string,
): Promise<void> {
  if (body === "too large") return answerTooLarge(res, path, requestId);
  if (body !== null) Object.assign(req, { body });
  await nodeHTTPRequestHandler({ req, res, router: appRouter, path, createContext, responseMeta: trpcResponseMeta(requestId), maxBodySize: TRPC_MAX_BODY_BYTES });
}
