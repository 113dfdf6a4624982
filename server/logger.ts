import pino from "pino";

/** Structured JSON logs; callers add tenant, user and request ids with child(). */
export const logger = pino({ level: process.env.LOG_LEVEL ?? "info", base: { service: "tributary" } });
