import { redirect } from "next/navigation";
import { currentActor } from "@/server/auth/current";

/** Console pages other than sign-in need a platform admin signed in on the console host. */
export async function requirePlatformAdmin() {
  const actor = await currentActor();
  if (actor?.kind !== "platform") redirect("/sign-in");
  return actor;
}
