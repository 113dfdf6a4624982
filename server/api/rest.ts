import { createOpenApiFetchHandler, generateOpenApiDocument, type OpenAPIObject } from "trpc-to-openapi";
import { RateLimitExceeded } from "../domain/api/rate-limits";
import { fieldErrorsByPath } from "../domain/errors";
import { resolveHost } from "../domain/tenancy/hosts";
import { apiKeyContext, idempotencyKeyOf } from "./request-auth";
import { appRouter } from "./root";
import type { TRPCContext } from "./trpc";

export const REST_BASE = "/api/v1";

let cachedDocument: OpenAPIObject | null = null;

/** The OpenAPI 3 document of every procedure with `meta.openapi` (the v1 router), built once per process. */
export function openApiDocument(): OpenAPIObject {
  cachedDocument ??= generateOpenApiDocument(appRouter, {
    title: "Tributary embedding API",
    version: "1.0.0",
    description:
      "REST view of Tributary's v1 tRPC procedures. Authenticate with a tenant API key (`Authorization: Bearer trb_...`). " +
      "Mutations accept an `Idempotency-Key` header (at most 255 characters; the first response is replayed for 24 hours). " +
      "Lists page by cursor (`limit`, `cursor` -> `{ data, nextCursor }`). Errors are `{ code, message, details }`. " +
      "Rate limits follow the tenant's service tier; a 429 carries `Retry-After`.",
    baseUrl: REST_BASE,
    tags: ["Customers", "Subscriptions", "Orders", "Usage", "Catalog"],
    securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "A tenant API key, created in the operator portal under API" } },
  });
  // The generator describes tRPC's error shape; this API answers with RestError, so say that.
  const schemas = (cachedDocument.components?.schemas ?? {}) as Record<string, unknown>;
  for (const name of Object.keys(schemas).filter((n) => n.startsWith("error."))) {
    schemas[name] = {
      type: "object",
      required: ["code", "message", "details"],
      properties: {
        code: { type: "string", enum: [name.slice("error.".length)] },
        message: { type: "string", description: "What went wrong, for a person to read" },
        details: { type: ["object", "null"], description: "Field errors by dotted path (validation), { retryAfterSeconds } on a 429, else null" },
      },
    };
  }
  return cachedDocument;
}

async function restContext(req: Request): Promise<TRPCContext> {
  const host = await resolveHost(req.headers.get("host"));
  const byKey = await apiKeyContext(req.headers);
  return {
    host,
    ...(byKey ?? { actor: null, apiKeyError: "Missing API key: send `Authorization: Bearer trb_...` (keys are created in the operator portal under API)" }),
    idempotencyKey: idempotencyKeyOf(req.headers),
  };
}

/** The one error body of the REST API. `details`: field errors by dotted path, `retryAfterSeconds` on a 429, else null. */
export interface RestError { code: string; message: string; details: Record<string, unknown> | null }

/** trpc-to-openapi's error body (tRPC's error shape) -> { code, message, details }. */
function restError(body: { code?: unknown; message?: unknown; data?: { fieldErrors?: Record<string, string[]> | null; retryAfterSeconds?: number }; issues?: Array<{ path: PropertyKey[]; message: string }> }): RestError {
  const fields = body.data?.fieldErrors ?? (body.issues ? fieldErrorsByPath(body.issues) : null);
  const first = body.issues?.[0];
  const message = first ? `Invalid input: ${first.path.map(String).join(".") || "body"}: ${first.message}` : String(body.message ?? "Request failed");
  const details = body.data?.retryAfterSeconds ? { retryAfterSeconds: body.data.retryAfterSeconds } : fields && Object.keys(fields).length ? fields : null;
  return { code: typeof body.code === "string" ? body.code : "INTERNAL_SERVER_ERROR", message, details };
}

/** Serves `/api/v1/*`: the OpenAPI document, and every v1 procedure by its method and path. */
export async function handleRestRequest(req: Request): Promise<Response> {
  const { pathname } = new URL(req.url);
  if (pathname === `${REST_BASE}/openapi.json` && req.method === "GET") return Response.json(openApiDocument());

  const response = await createOpenApiFetchHandler({
    endpoint: REST_BASE,
    router: appRouter,
    req,
    createContext: () => restContext(req),
    responseMeta({ errors }) {
      const limited = errors.map((e) => e.cause).find((c): c is RateLimitExceeded => c instanceof RateLimitExceeded);
      return limited ? { headers: { "Retry-After": String(limited.retryAfterSeconds) } } : {};
    },
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`REST ${path ?? "?"} failed`, error.cause ?? error);
    },
  });
  if (response.ok) return response;
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return new Response(JSON.stringify(restError(await response.json())), { status: response.status, headers });
}
