import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { currentActor, currentHost } from "../auth/current";
import { createCaller } from "./root";

/** The tRPC caller for React Server Components, with the same context an HTTP call would get. */
export const serverApi = cache(async () => {
  const h = await headers(); // opt the page into dynamic rendering: every request re-derives tenant and actor
  return createCaller({ host: await currentHost(), actor: await currentActor(), requestId: h.get("x-request-id") ?? undefined });
});
