import type { IncomingMessage, ServerResponse } from "node:http";
import { callTRPCProcedure, getErrorShape, getTRPCErrorFromUnknown, transformTRPCResponse, TRPCError } from "@trpc/server";
import { getHTTPStatusCode, getHTTPStatusCodeFromError } from "@trpc/server/http";
import { appRouter } from "../api/root";
import type { TRPCContext } from "../api/trpc";
import { trpcResponseMeta } from "../api/trpc-http";

/*
 * The plain JSON calls the portals make (a mutation by POST, a query by GET, alone or as an
 * httpBatchLink batch), answered from Node's request with tRPC's own pieces: `callTRPCProcedure`
 * runs the procedure with its middlewares, `getErrorShape` and `transformTRPCResponse` shape the
 * answer, `getHTTPStatusCode` picks the status. The answer is the one tRPC's Node adapter gives, minus
 * the fetch `Request`/`Response` and streams it builds per call (a fifth of the web process's CPU per
 * order, docs/orders.md). Anything else (streaming, subscriptions, method override, an unknown
 * procedure, a body that is not JSON) goes to the adapter, which also gives the errors for those.
 */

const config = appRouter._def._config;
// At run time a flat record by dotted path (typed as the nested router).
const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: "query" | "mutation" | "subscription" } }>;

/** A request body larger than this is refused (413) on both paths. */
export const TRPC_MAX_BODY_BYTES = 1024 * 1024;

export interface DirectCall {
  type: "query" | "mutation";
  paths: string[];
  isBatch: boolean;
  search: URLSearchParams;
}

/** The call if this path answers it (see above), else null. Decided from the request line and headers alone. */
export function directCallOf(req: IncomingMessage, procedurePath: string, query: string): DirectCall | null {
  const type = req.method === "POST" ? "mutation" : req.method === "GET" ? "query" : null;
  if (!type) return null;
  if (type === "mutation" && !isJson(req.headers["content-type"])) return null;
  if (req.headers["trpc-accept"] !== undefined || req.headers.accept === "application/jsonl") return null;
  const search = new URLSearchParams(query);
  if (search.has("connectionParams")) return null;
  const isBatch = search.get("batch") === "1";
  let paths: string[];
  try {
    paths = isBatch ? decodeURIComponent(procedurePath).split(",") : [decodeURIComponent(procedurePath)];
  } catch {
    return null;
  }
  const known = paths.every((path) => Object.hasOwn(procedures, path) && procedures[path]._def.type === type);
  return known ? { type, paths, isBatch, search } : null;
}

function isJson(contentType: string | undefined): boolean {
  return contentType !== undefined && contentType.split(";", 1)[0].trim().toLowerCase() === "application/json";
}

/** The body as text, or "too large" once it passes the limit (the rest is not read). */
export function readBody(req: IncomingMessage, limit = TRPC_MAX_BODY_BYTES): Promise<string | "too large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off("data", onData);
      resolve("too large");
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.once("error", reject);
    // A client that leaves mid-body: nothing more will come (settling twice is a no-op).
    req.once("close", () => reject(new Error("the client closed the request before sending its body")));
  });
}

/**
 * The call's raw inputs by batch index, or null when they are not what tRPC accepts without
 * complaint (unparseable JSON, a batch whose inputs are not an object): the adapter then answers.
 */
export function rawInputsOf(call: DirectCall, body: string | null): unknown[] | null {
  // As tRPC reads them: a query's from `?input=` (absent is no input), a mutation's from the body (which must be JSON).
  const text: string | null = call.type === "query" ? call.search.get("input") : (body ?? "");
  let parsed: unknown = undefined;
  if (text || call.type === "mutation") {
    try {
      parsed = JSON.parse(text ?? "");
    } catch {
      return null;
    }
  }
  if (!call.isBatch) return [parsed];
  if (parsed === undefined) return call.paths.map(() => undefined);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return null;
  const byIndex = parsed as Record<string, unknown>;
  return call.paths.map((_, index) => byIndex[index]);
}

/**
 * Runs the calls (a batch's in parallel, as tRPC does) with one context and writes the answer.
 * A context that fails is every call's error, as in tRPC.
 */
export async function answerDirectly(
  res: ServerResponse,
  call: DirectCall,
  rawInputs: unknown[],
  createContext: () => Promise<TRPCContext>,
  requestId: string,
): Promise<void> {
  let ctx: TRPCContext | undefined;
  let contextError: TRPCError | undefined;
  try {
    ctx = await createContext();
  } catch (cause) {
    contextError = getTRPCErrorFromUnknown(cause);
  }
  const errors: TRPCError[] = [];
  const outcomes = await Promise.all(
    call.paths.map(async (path, batchIndex) => {
      const raw = rawInputs[batchIndex];
      let input: unknown = undefined;
      let deserialized = false;
      const getRawInput = async () => {
        if (!deserialized) [input, deserialized] = [raw === undefined ? undefined : config.transformer.input.deserialize(raw), true];
        return input;
      };
      try {
        if (contextError) throw contextError;
        const data: unknown = await callTRPCProcedure({
          router: appRouter,
          path,
          type: call.type,
          ctx,
          batchIndex,
          signal: undefined,
          getRawInput,
        });
        return { result: { data } };
      } catch (cause) {
        const error = getTRPCErrorFromUnknown(cause);
        errors.push(error);
        return { error: getErrorShape({ config, ctx, error, input, path, type: call.type }) };
      }
    }),
  );
  const json = call.isBatch ? outcomes : outcomes[0];
  const headers: Record<string, string> = { vary: "trpc-accept, accept", "content-type": "application/json" };
  for (const [name, value] of trpcResponseMeta(requestId)({ errors }).headers) headers[name] = value;
  const body = JSON.stringify(transformTRPCResponse(config, json as never));
  headers["content-length"] = String(Buffer.byteLength(body));
  res.writeHead(getHTTPStatusCode(outcomes as never), headers);
  res.end(body);
}

/** A body over the limit: tRPC's PAYLOAD_TOO_LARGE (413), without reading the rest. */
export function answerTooLarge(res: ServerResponse, path: string, requestId: string): void {
  const error = new TRPCError({ code: "PAYLOAD_TOO_LARGE", message: `Request body larger than ${TRPC_MAX_BODY_BYTES} bytes` });
  const json = { error: getErrorShape({ config, ctx: undefined, error, input: undefined, path, type: "unknown" }) };
  const body = JSON.stringify(transformTRPCResponse(config, json));
  res.writeHead(getHTTPStatusCodeFromError(error), { "content-type": "application/json", "x-request-id": requestId, connection: "close" });
  res.end(body);
}
