"use client";

import { Button } from "@/components/ui/primitives";

export function PrintButton() {
  return <Button onClick={() => window.print()} data-testid="print-button">Print or save as PDF</Button>;
}
