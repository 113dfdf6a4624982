"use client";

import { Button } from "@/components/ui/primitives";

/** The browser's print dialog: the page's print styles leave the document alone (save as PDF from there). */
export function PrintButton() {
  return (
    <Button type="button" variant="secondary" onClick={() => window.print()} className="print:hidden" data-testid="print-invoice">
      Print / save as PDF
    </Button>
  );
}
