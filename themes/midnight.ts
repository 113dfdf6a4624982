import type { ThemeTokens } from "./tokens";

/** A dark theme with violet highlights. */
export const midnight: ThemeTokens = {
  colors: {
    primary: "#7c3aed",
    primaryForeground: "#faf5ff",
    background: "#0b1020",
    surface: "#141a2e",
    foreground: "#e5e7eb",
    muted: "#9aa3b5",
    border: "#263049",
    accent: "#22d3ee",
  },
  radius: 10,
  font: "geometric",
  logo: "/logos/midnight.svg",
};
