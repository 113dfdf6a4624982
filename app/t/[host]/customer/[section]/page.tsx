import { UpcomingSection } from "@/components/portal/upcoming-section";

export default async function Section({ params }: { params: Promise<{ section: string }> }) {
  return <UpcomingSection portal="customer" slug={(await params).section} />;
}
