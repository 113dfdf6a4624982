import { redirect } from "next/navigation";
import { currentActor } from "@/server/auth/current";

/** A tenant host's root sends members to their portal and everyone else to sign in. */
export default async function TenantHome() {
  const actor = await currentActor();
  redirect(actor?.kind === "tenant" ? `/${actor.portal}` : "/sign-in");
}
