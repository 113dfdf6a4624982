import type { ThemeTokens } from "./tokens";

/** Calm blues; the platform console's own look. */
export const harbor: ThemeTokens = {
  colors: {
    primary: "#1d4ed8",
    primaryForeground: "#ffffff",
    background: "#f6f8fb",
    surface: "#ffffff",
    foreground: "#0f172a",
    muted: "#64748b",
    border: "#dbe3ee",
    accent: "#0ea5e9",
  },
  radius: 8,
  font: "system",
  logo: "/logos/tributary.svg",
};
