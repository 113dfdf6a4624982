import { Card, Stat } from "@/components/ui/primitives";
import type { TenantActor } from "@/server/domain/access/actor";
import { ROLE_LABELS } from "@/server/domain/access/roles";
import { PORTAL_LABELS } from "./sections";

/** Who is signed in, where, and in which scope; then the headline counts this scope may see. */
export function PortalDashboard({
  actor, workspace, summary, stats,
}: {
  actor: TenantActor;
  workspace: string;
  summary: { actingFor: string | null };
  stats: Array<{ label: string; value: number; testId: string }>;
}) {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Welcome, {actor.name}</h1>
        <p className="text-sm text-muted">Here is {summary.actingFor ?? workspace} at a glance.</p>
      </div>
      <Card title="Your session">
        <dl className="grid grid-cols-1 gap-4 text-sm sm:grid-cols-4" data-testid="session-card">
          <div><dt className="text-muted">Signed in as</dt><dd className="font-medium">{actor.email}</dd></div>
          <div><dt className="text-muted">Workspace</dt><dd className="font-medium" data-testid="session-workspace">{workspace}</dd></div>
          <div><dt className="text-muted">Role</dt><dd className="font-medium" data-testid="session-role">{ROLE_LABELS[actor.role]}</dd></div>
          <div>
            <dt className="text-muted">Scope</dt>
            <dd className="font-medium" data-testid="session-scope">{PORTAL_LABELS[actor.portal]}{summary.actingFor ? ` · ${summary.actingFor}` : ""}</dd>
          </div>
        </dl>
      </Card>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        {stats.map((s) => <Stat key={s.testId} label={s.label} value={s.value} testId={s.testId} />)}
      </div>
    </div>
  );
}
