import type { ThemeTokens } from "./tokens";

/** Deep greens, generous rounding, a serif voice. */
export const grove: ThemeTokens = {
  colors: {
    primary: "#15803d",
    primaryForeground: "#f0fdf4",
    background: "#f4f8f4",
    surface: "#ffffff",
    foreground: "#052e16",
    muted: "#5b6b60",
    border: "#cfe0d3",
    accent: "#65a30d",
  },
  radius: 14,
  font: "serif",
  logo: "/logos/grove.svg",
};
