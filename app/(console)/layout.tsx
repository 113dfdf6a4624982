import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { ThemeScope } from "@/components/brand/theme-scope";
import { TRPCReactProvider } from "@/components/trpc/provider";
import { currentHost } from "@/server/auth/current";
import { THEME_PRESETS } from "@/themes";

/** The platform console answers only on the base host. */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const host = await currentHost();
  if (host.kind !== "console") notFound();
  return (
    <ThemeScope theme={THEME_PRESETS.harbor}>
      <TRPCReactProvider>{children}</TRPCReactProvider>
    </ThemeScope>
  );
}
