import type { Metadata } from "next";
import { PortalDashboardPage } from "@/components/portal/dashboard-page";

export const metadata: Metadata = { title: "Dashboard" };

export default function Dashboard() {
  return <PortalDashboardPage portal="customer" />;
}
