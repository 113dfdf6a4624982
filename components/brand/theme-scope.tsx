import type { ReactNode } from "react";
import { themeCssVariables, type ThemeTokens } from "@/themes";

/**
 * Applies validated theme tokens as CSS variables through React's style prop (escaped by React),
 * never as a stylesheet string: tenant input cannot inject CSS or script.
 */
export function ThemeScope({ theme, children, className = "" }: { theme: ThemeTokens; children: ReactNode; className?: string }) {
  return (
    <div style={themeCssVariables(theme)} className={`min-h-screen bg-background font-brand text-foreground ${className}`} data-theme-scope>
      {children}
    </div>
  );
}
