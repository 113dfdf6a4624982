/**
 * tRPC in three parts: the context every call gets, initialisation (transformer, error shape),
 * and the procedures, which narrow the context step by step: signed in -> tenant member ->
 * allowed role -> a tenant-scoped transaction in `ctx.tx`.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import type { OpenApiMeta } from "trpc-to-openapi";
import { z, ZodError } from "zod";
import { withTenant, type Scope, type TenantTx } from "../../db/with-tenant";
import type { ApiDomain } from "../../db/schema/api";
import { scopeOf, type Actor, type ApiKeyActor, type TenantActor } from "../domain/access/actor";
import { recordAudit } from "../domain/access/audit";
import { type TenantRole } from "../domain/access/roles";
import { checkIdempotencyKey, claimIdempotencyKey, requestFingerprint, storeIdempotentResponse } from "../domain/api/idempotency";
import { consumeApiRequest, RateLimitExceeded } from "../domain/api/rate-limits";
import { DomainError, fieldErrorsByPath } from "../domain/errors";
import type { HostContext } from "../domain/tenancy/hosts";
import { logger } from "../logger";

// 1. Context ---------------------------------------------------------------------------------

export interface TRPCContext {
  host: HostContext;
  /** Re-derived from the session (or the API key), the Host and the database for every request. */
  actor: Actor | null;
  /** The HTTP request's id (x-request-id, or made up by the route): in every log line of the call. */
  requestId?: string;
  /** Why a presented API key was refused (malformed, unknown, revoked, expired): every call is then a 401. */
  apiKeyError?: string | null;
  /** The request's `Idempotency-Key` header, as sent. */
  idempotencyKey?: string | null;
}

// 2. Initialisation --------------------------------------------------------------------------

/** Procedure metadata: `openapi` exposes it under /api/v1; `holdsSecret` keeps its result out of the idempotency store. */
export type ProcedureMeta = OpenApiMeta & { holdsSecret?: boolean };

const t = initTRPC.context<TRPCContext>().meta<ProcedureMeta>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    // Field errors for forms, keyed by dotted path ("admin.email"): zod's, or a domain rule's.
    const fieldErrors = cause instanceof ZodError ? fieldErrorsByPath(cause.issues) : cause instanceof DomainError ? (cause.details ?? null) : null;
    return {
      ...shape,
      data: {
        ...shape.data,
        stack: undefined,
        zodError: cause instanceof ZodError ? z.flattenError(cause) : null,
        fieldErrors,
        retryAfterSeconds: cause instanceof RateLimitExceeded ? cause.retryAfterSeconds : undefined,
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

// 3. Procedures ------------------------------------------------------------------------------

/** Turns a DomainError (or a spent rate limit) thrown anywhere below into the matching typed tRPC error. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  if (!result.ok && result.error.cause instanceof RateLimitExceeded) {
    throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: result.error.cause.message, cause: result.error.cause });
  }
  return result;
});

/**
 * Structured logs for every call: `ctx.log` carries the request, tenant and user ids; a call that
 * fails with a server error is logged as an error, a mutation's outcome at info, a query's at debug.
 */
const logged = t.middleware(async ({ ctx, path, type, next }) => {
  const actor = ctx.actor;
  const log = logger.child({
    requestId: ctx.requestId ?? null,
    tenantId: actor && actor.kind !== "platform" ? actor.tenantId : ctx.host.kind === "tenant" ? ctx.host.tenant.id : null,
    userId: actor && actor.kind !== "api_key" ? actor.userId : null,
    apiKeyId: actor?.kind === "api_key" ? actor.keyId : null,
    procedure: path,
  });
  const started = performance.now();
  const result = await next({ ctx: { log } });
  const ms = Math.round(performance.now() - started);
  if (!result.ok && result.error.code === "INTERNAL_SERVER_ERROR") log.error({ err: result.error.cause ?? result.error, ms }, "call failed");
  else if (!result.ok) log.info({ code: result.error.code, ms }, "call refused");
  else if (type === "mutation") log.info({ ms }, "mutation done");
  else log.debug({ ms }, "query done");
  return result;
});


/** A malformed Idempotency-Key is a 400 on every mutation, before anything runs. */
const idempotencyKeyShape = t.middleware(({ ctx, type, next }) => {
  if (type === "mutation") checkIdempotencyKey(ctx.idempotencyKey);
  return next();
});

export const publicProcedure = t.procedure.use(logged).use(domainErrors).use(idempotencyKeyShape);

export const authedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (ctx.apiKeyError) throw new TRPCError({ code: "UNAUTHORIZED", message: ctx.apiKeyError });
  if (!ctx.actor) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue" });
  // API traffic is metered per key and per tenant, by the tenant's tier; sessions are not.
  if (ctx.actor.kind === "api_key") await consumeApiRequest(ctx.actor);
  return next({ ctx: { actor: ctx.actor } });
});

type MiddlewareOpts = { ctx: TRPCContext; type: string; path: string; meta?: ProcedureMeta; getRawInput: () => Promise<unknown> };

/**
 * Runs a tenant mutation at most once per Idempotency-Key (server/domain/api/idempotency.ts): the
 * key is claimed in the mutation's own transaction, the result stored there too, and a repeat with
 * the same fingerprint gets the stored result back without running again.
 */
async function idempotently<R extends { ok: boolean; data?: unknown }>(opts: MiddlewareOpts, tx: TenantTx, tenantId: string, principal: string, run: () => Promise<R>): Promise<R> {
  const key = opts.type === "mutation" ? checkIdempotencyKey(opts.ctx.idempotencyKey) : null;
  if (!key) return run();
  const fingerprint = requestFingerprint(principal, opts.path, await opts.getRawInput());
  const claim = await claimIdempotencyKey(tx, tenantId, key, fingerprint, opts.path);
  if (claim.kind === "replay") {
    // A middleware result built by hand: the resolver below is skipped, its stored output returned.
    return { ok: true, data: claim.response, ctx: {}, marker: "middlewareMarker" } as unknown as R;
  }
  const result = await run();
  if (result.ok) await storeIdempotentResponse(tx, tenantId, claim.id, result.data, { holdsSecret: opts.meta?.holdsSecret });
  return result;
}

/** Runs the rest of the call in one transaction under the given RLS scope; any error rolls it back. */
export async function inTransaction<T extends { ok: boolean; error?: unknown }>(scope: Scope, run: (tx: TenantTx) => Promise<T>): Promise<T> {
  return withTenant(scope, async (tx) => {
    const result = await run(tx);
    if (!result.ok) throw result.error;
    return result;
  });
}

/** The actor as a member of this host's tenant in one of the roles, or FORBIDDEN. */
function memberIn(actor: Actor, roles: readonly TenantRole[] | "any"): TenantActor {
  if (actor.kind === "api_key") throw new TRPCError({ code: "FORBIDDEN", message: "API keys can call the /api/v1 procedures only" });
  if (actor.kind !== "tenant") throw new TRPCError({ code: "FORBIDDEN", message: "This needs a workspace membership" });
  if (roles !== "any" && !roles.includes(actor.role)) {
    throw new TRPCError({ code: "FORBIDDEN", message: `Your role (${actor.role}) cannot do this` });
  }
  return actor;
}

/** A signed-in member of this host's tenant, in any role, with `ctx.tx` scoped to them. */
function tenantMember(roles: readonly TenantRole[] | "any") {
  return authedProcedure.use((opts) => {
    const { ctx, next } = opts;
    const actor = memberIn(ctx.actor, roles);
    return inTransaction(scopeOf(actor), (tx) => idempotently(opts, tx, actor.tenantId, `user:${actor.userId}`, () => next({ ctx: { actor, tx } })));
  });
}

/**
 * Like `roleProcedure`, for a mutation that hands its work to an intake which batches it with others
 * (server/domain/orders/intake.ts): no transaction is opened for the call, and `ctx.tx` is null. A call
 * with an `Idempotency-Key` does run in its own transaction (the key is claimed and its result stored
 * there), with `ctx.tx` set, and the procedure then does its work in it instead.
 */
export function roleIntakeProcedure(...roles: TenantRole[]) {
  return authedProcedure.use((opts) => {
    const { ctx, next } = opts;
    const actor = memberIn(ctx.actor, roles);
    if (opts.type === "mutation" && checkIdempotencyKey(ctx.idempotencyKey)) {
      return inTransaction(scopeOf(actor), (tx) =>
        idempotently(opts, tx, actor.tenantId, `user:${actor.userId}`, () => next({ ctx: { actor, tx: tx as TenantTx | null } })),
      );
    }
    return next({ ctx: { actor, tx: null as TenantTx | null } });
  });
}

export const tenantProcedure = tenantMember("any");

/** Declares which tenant roles may call a procedure; everyone else gets FORBIDDEN. */
export function roleProcedure(...roles: TenantRole[]) {
  return tenantMember(roles);
}

/**
 * The embedding API (`/api/v1`, server/api/routers/v1.ts): callable with a tenant API key whose
 * scopes include `<domain>:<access>` (a write scope implies read). Runs under the key's tenant with
 * the `api_key` RLS scope; the Host plays no part.
 */
export function apiProcedure(domain: ApiDomain, access: "read" | "write") {
  return authedProcedure.use((opts) => {
    const { ctx, next } = opts;
    const actor = ctx.actor;
    if (actor.kind !== "api_key") throw new TRPCError({ code: "FORBIDDEN", message: "This endpoint takes a tenant API key (Authorization: Bearer trb_...)" });
    const allowed = actor.scopes.includes(`${domain}:${access}`) || (access === "read" && actor.scopes.includes(`${domain}:write`));
    if (!allowed) throw new TRPCError({ code: "FORBIDDEN", message: `This API key lacks the ${domain}:${access} scope` });
    return inTransaction({ kind: "api_key", tenantId: actor.tenantId, keyId: actor.keyId }, (tx) =>
      idempotently(opts, tx, actor.tenantId, `key:${actor.keyId}`, async () => {
        const result = await next({ ctx: { actor: actor as ApiKeyActor, tx } });
        // Key requests have no user: the audit log names the key, in the mutation's transaction.
        if (result.ok && opts.type === "mutation") {
          await recordAudit(tx, { tenantId: actor.tenantId, actorUserId: null, action: "api_key.mutation", entityType: "api_key", entityId: actor.keyId, data: { procedure: opts.path, key: actor.name } });
        }
        return result;
      }),
    );
  });
}

export const platformProcedure = authedProcedure.use(({ ctx, next }) => {
  const actor = ctx.actor;
  if (actor.kind !== "platform" || ctx.host.kind !== "console") {
    throw new TRPCError({ code: "FORBIDDEN", message: "Only platform admins, on the console host" });
  }
  return next({ ctx: { actor } });
});
