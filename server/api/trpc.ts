/**
 * tRPC in three parts: the context every call gets, initialisation (transformer, error shape),
 * and the procedures, which narrow the context step by step: signed in -> tenant member ->
 * allowed role -> a tenant-scoped transaction in `ctx.tx`.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import { withTenant, type Scope, type TenantTx } from "../../db/with-tenant";
import { scopeOf, type Actor } from "../domain/access/actor";
import { type TenantRole } from "../domain/access/roles";
import { DomainError, fieldErrorsByPath } from "../domain/errors";
import type { HostContext } from "../domain/tenancy/hosts";
import { logger } from "../logger";

// 1. Context ---------------------------------------------------------------------------------

export interface TRPCContext {
  host: HostContext;
  /** Re-derived from the session, the Host and the database for every request. */
  actor: Actor | null;
  /** The HTTP request's id (x-request-id, or made up by the route): in every log line of the call. */
  requestId?: string;
}

// 2. Initialisation --------------------------------------------------------------------------

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      data: {
        ...shape.data,
        stack: undefined,
        // Field errors for forms, keyed by dotted path ("admin.email"): zod's, or a domain rule's.
        zodError: cause instanceof ZodError ? z.flattenError(cause) : null,
        fieldErrors: cause instanceof ZodError ? fieldErrorsByPath(cause.issues) : cause instanceof DomainError ? (cause.details ?? null) : null,
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

// 3. Procedures ------------------------------------------------------------------------------

/** Turns a DomainError thrown anywhere below into the matching typed tRPC error. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
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
    tenantId: actor?.kind === "tenant" ? actor.tenantId : ctx.host.kind === "tenant" ? ctx.host.tenant.id : null,
    userId: actor?.userId ?? null,
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

export const publicProcedure = t.procedure.use(logged).use(domainErrors);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.actor) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue" });
  return next({ ctx: { actor: ctx.actor } });
});

/** Runs the rest of the call in one transaction under the given RLS scope; any error rolls it back. */
export async function inTransaction<T extends { ok: boolean; error?: unknown }>(scope: Scope, run: (tx: TenantTx) => Promise<T>): Promise<T> {
  return withTenant(scope, async (tx) => {
    const result = await run(tx);
    if (!result.ok) throw result.error;
    return result;
  });
}

/** A signed-in member of this host's tenant, in any role, with `ctx.tx` scoped to them. */
function tenantMember(roles: readonly TenantRole[] | "any") {
  return authedProcedure.use(({ ctx, next }) => {
    const actor = ctx.actor;
    if (actor.kind !== "tenant") throw new TRPCError({ code: "FORBIDDEN", message: "This needs a workspace membership" });
    if (roles !== "any" && !roles.includes(actor.role)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `Your role (${actor.role}) cannot do this` });
    }
    return inTransaction(scopeOf(actor), (tx) => next({ ctx: { actor, tx } }));
  });
}

export const tenantProcedure = tenantMember("any");

/** Declares which tenant roles may call a procedure; everyone else gets FORBIDDEN. */
export function roleProcedure(...roles: TenantRole[]) {
  return tenantMember(roles);
}

export const platformProcedure = authedProcedure.use(({ ctx, next }) => {
  const actor = ctx.actor;
  if (actor.kind !== "platform" || ctx.host.kind !== "console") {
    throw new TRPCError({ code: "FORBIDDEN", message: "Only platform admins, on the console host" });
  }
  return next({ ctx: { actor } });
});
