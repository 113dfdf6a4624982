import type { ThemeTokens } from "./tokens";

/** Warm oranges on cream, squarer corners. */
export const ember: ThemeTokens = {
  colors: {
    primary: "#c2410c",
    primaryForeground: "#fff7ed",
    background: "#fffaf3",
    surface: "#ffffff",
    foreground: "#1c1917",
    muted: "#78716c",
    border: "#ead9c6",
    accent: "#f59e0b",
  },
  radius: 4,
  font: "humanist",
  logo: "/logos/ember.svg",
};
