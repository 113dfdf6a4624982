import Link from "next/link";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { Alert, EmptyState } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";
import { encodeCursor } from "@/server/domain/events/log";
import { EVENT_TYPES, isEventType } from "@/server/domain/events/types";

const PAGE = 50;

/** The event log, oldest first from a cursor (as an API consumer reads it); "Latest" jumps to the last page. */
export default async function EventLog({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor } = await requirePortalActor("operator");
  const api = await serverApi();
  const sp = await searchParams;
  const type = typeof sp.type === "string" && isEventType(sp.type) ? sp.type : undefined;
  const after = typeof sp.after === "string" && sp.after ? sp.after : undefined;
  const href = (changes: { after?: string | null; type?: string | null }) => {
    const q = new URLSearchParams();
    const nextAfter = changes.after === undefined ? after : changes.after;
    const nextType = changes.type === undefined ? type : changes.type;
    if (nextAfter) q.set("after", nextAfter);
    if (nextType) q.set("type", nextType);
    return `/operator/events${q.size ? `?${q}` : ""}`;
  };
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Event log</h1>
        <p className="text-sm text-muted">Everything that happened in this workspace, in order. Integrations read the same log with events.list and a cursor, and receive it by webhook.</p>
      </header>
      {await guarded(
        async () => {
          try {
            return { page: await api.events.list({ after, limit: PAGE, types: type ? [type] : undefined }), error: null };
          } catch (error) {
            return { page: await api.events.list({ limit: PAGE, types: type ? [type] : undefined }), error: (error as Error).message };
          }
        },
        ({ page, error }) => (
          <div className="space-y-3">
            {error && <Alert>{error} Showing the log from its start.</Alert>}
            <nav className="flex flex-wrap items-center gap-3 text-sm" aria-label="Event type">
              <Link className={!type ? "font-semibold" : "text-primary hover:underline"} href={href({ type: null, after: null })}>All types</Link>
              {EVENT_TYPES.map((t) => (
                <Link key={t} className={type === t ? "font-semibold" : "text-primary hover:underline"} href={href({ type: t, after: null })}><code className="text-xs">{t}</code></Link>
              ))}
            </nav>
            {page.events.length === 0 ? (
              <EmptyState title="No events here">{page.latestSeq === 0 ? "Nothing has happened in this workspace yet." : "No further events of this kind."}</EmptyState>
            ) : (
              <div className="overflow-x-auto rounded-brand border border-border bg-surface">
                <table className="w-full text-left text-sm" data-testid="event-log">
                  <thead className="bg-background text-xs uppercase tracking-wide text-muted">
                    <tr>
                      <th className="px-4 py-2 font-medium">#</th>
                      <th className="px-4 py-2 font-medium">When (UTC)</th>
                      <th className="px-4 py-2 font-medium">Type</th>
                      <th className="px-4 py-2 font-medium">Payload</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-border">
                    {page.events.map((e) => (
                      <tr key={e.id} className="align-top">
                        <td className="px-4 py-2 text-muted">{e.seq}</td>
                        <td className="whitespace-nowrap px-4 py-2 text-muted">{e.occurredAt.toISOString().slice(0, 19).replace("T", " ")}</td>
                        <td className="px-4 py-2"><code className="text-xs">{e.type}</code> <span className="text-xs text-muted">v{e.version}</span></td>
                        <td className="px-4 py-2">
                          <details>
                            <summary className="cursor-pointer text-xs text-primary">{Object.keys(e.payload).slice(0, 4).join(", ")}</summary>
                            <pre className="mt-1 max-w-xl overflow-x-auto whitespace-pre-wrap break-all text-xs">{JSON.stringify(e.payload, null, 2)}</pre>
                          </details>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <footer className="flex items-center justify-between text-xs text-muted">
              <span>{page.latestSeq} events in the log</span>
              <nav className="flex gap-3" aria-label="Pagination">
                <Link className="text-primary hover:underline" href={href({ after: null })}>First</Link>
                {page.hasMore && page.nextCursor ? <Link className="text-primary hover:underline" href={href({ after: page.nextCursor })}>Next</Link> : <span>Next</span>}
                <Link className="text-primary hover:underline" href={href({ after: encodeCursor(actor.tenantId, Math.max(0, page.latestSeq - PAGE)) })}>Latest</Link>
              </nav>
            </footer>
          </div>
        ),
      )}
    </div>
  );
}
