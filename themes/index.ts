import type { CSSProperties } from "react";
import { ember } from "./ember";
import { grove } from "./grove";
import { harbor } from "./harbor";
import { midnight } from "./midnight";
import { FONT_STACKS, themeOverridesSchema, themeTokensSchema, type ThemeOverrides, type ThemeTokens } from "./tokens";

export * from "./tokens";

export const THEME_PRESETS = { harbor, ember, grove, midnight } as const satisfies Record<string, ThemeTokens>;
export type ThemePresetName = keyof typeof THEME_PRESETS;
export const THEME_PRESET_NAMES = Object.keys(THEME_PRESETS) as [ThemePresetName, ...ThemePresetName[]];

export function isThemePreset(name: string): name is ThemePresetName {
  return Object.hasOwn(THEME_PRESETS, name);
}

/**
 * Preset plus overrides, validated again on the way out: a row edited behind the app's back
 * still cannot put anything but validated tokens into a page.
 */
export function resolveTheme(preset: string, overrides: unknown): ThemeTokens {
  const base = isThemePreset(preset) ? THEME_PRESETS[preset] : THEME_PRESETS.harbor;
  const parsed = themeOverridesSchema.safeParse(overrides ?? {});
  const extra: ThemeOverrides = parsed.success ? parsed.data : {};
  return themeTokensSchema.parse({
    colors: { ...base.colors, ...stripUndefined(extra.colors ?? {}) },
    radius: extra.radius ?? base.radius,
    font: extra.font ?? base.font,
    logo: extra.logo ?? base.logo,
  });
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const cssVarName = (token: string) => `--brand-${token.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Tokens as CSS custom properties for a React `style` prop; Tailwind's theme reads them. */
export function themeCssVariables(theme: ThemeTokens): CSSProperties {
  const vars: Record<string, string> = {};
  for (const [token, value] of Object.entries(theme.colors)) vars[cssVarName(token)] = value;
  vars["--brand-radius"] = `${theme.radius}px`;
  vars["--brand-font"] = FONT_STACKS[theme.font];
  return vars as CSSProperties;
}
