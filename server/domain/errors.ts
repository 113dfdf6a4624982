/** A business-rule failure with a message meant for the user; the API maps `code` to a typed error. */
export class DomainError extends Error {
  constructor(
    readonly code: "BAD_REQUEST" | "NOT_FOUND" | "CONFLICT" | "FORBIDDEN",
    message: string,
    readonly details?: Record<string, string[]>,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

/** Postgres' unique_violation, raised when a concurrent request won the race for the same key. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = (error as { cause?: unknown })?.cause ?? error;
  const pg = e as { code?: string; constraint_name?: string };
  return pg?.code === "23505" && (!constraint || pg.constraint_name === constraint);
}
