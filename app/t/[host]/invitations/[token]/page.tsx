import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AcceptInvitationForm } from "@/components/partners/accept-invitation";
import { TRPCReactProvider } from "@/components/trpc/provider";
import { Alert, Card } from "@/components/ui/primitives";
import { withTenant } from "@/db/with-tenant";
import { currentHost } from "@/server/auth/current";
import { findInvitation } from "@/server/domain/partners/resellers";

export const metadata: Metadata = { title: "Invitation" };

/** A reseller invitation link: no session needed, the token is the credential (only its hash is stored). */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const host = await currentHost();
  if (host.kind !== "tenant") notFound();
  const { token } = await params;
  const invitation = token.length <= 200 ? await withTenant({ kind: "system", tenantId: host.tenant.id }, (tx) => findInvitation(tx, token)) : null;
  return (
    <main className="mx-auto max-w-md px-4 py-16">
      <Card title={invitation ? `Join ${invitation.resellerName} on ${host.tenant.name}` : "Invitation"}>
        {!invitation ? (
          <Alert>This invitation link is not valid. Ask for a new one.</Alert>
        ) : invitation.accepted ? (
          <Alert tone="info">This invitation was already accepted. <a className="underline" href="/sign-in">Sign in</a></Alert>
        ) : invitation.expired ? (
          <Alert>This invitation has expired. Ask for a new one.</Alert>
        ) : (
          <TRPCReactProvider>
            <AcceptInvitationForm token={token} email={invitation.email} name={invitation.name} />
          </TRPCReactProvider>
        )}
      </Card>
    </main>
  );
}
