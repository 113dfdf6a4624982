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

/** Validation issues grouped by dotted field path ("admin.email"), the shape forms display. */
export function fieldErrorsByPath(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of issues) (out[issue.path.map(String).join(".") || "_"] ??= []).push(issue.message);
  return out;
}

/** A user's search text as an ILIKE "contains" pattern: their % and _ match literally. */
export function containsPattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
