import type { ReactNode } from "react";
import { PortalLayout } from "@/components/portal/portal-layout";

export default function Layout({ children }: { children: ReactNode }) {
  return <PortalLayout portal="reseller">{children}</PortalLayout>;
}
