import pino from "pino";

/**
 * Structured JSON logs; callers add tenant, user and request ids with child() (tRPC calls get
 * `ctx.log` with all three, jobs log their queue, job and tenant). Tests log warnings and worse only.
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.VITEST ? "warn" : "info"),
  base: { service: "tributary" },
});
