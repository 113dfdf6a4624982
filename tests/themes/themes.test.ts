import { afterAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { closeRedis } from "../../server/redis";
import { COLOR_TOKENS, FONT_NAMES, FONT_STACKS, isThemePreset, resolveTheme, THEME_PRESET_NAMES, THEME_PRESETS, themeCssVariables, themeOverridesSchema, themeTokensSchema, type ThemeTokens } from "../../themes";

/* Pure unit tests of the theme tokens: no database, no Redis (closed anyway, in case an import opened them). */

afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

const presets = Object.entries(THEME_PRESETS) as Array<[string, ThemeTokens]>;

describe("presets", () => {
  test("the preset list is the four shipped themes and THEME_PRESET_NAMES matches it", () => {
    expect([...THEME_PRESET_NAMES].sort()).toEqual(["ember", "grove", "harbor", "midnight"]);
    expect(Object.keys(THEME_PRESETS).sort()).toEqual([...THEME_PRESET_NAMES].sort());
  });

  test.each(presets)("%s passes themeTokensSchema unchanged (already normalised)", (_name, preset) => {
    const parsed = themeTokensSchema.safeParse(preset);
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual(preset);
    expect(Object.keys(preset.colors).sort()).toEqual([...COLOR_TOKENS].sort());
  });

  test("isThemePreset accepts the presets only, not inherited object keys", () => {
    for (const name of THEME_PRESET_NAMES) expect(isThemePreset(name)).toBe(true);
    for (const name of ["neon", "", "toString", "constructor", "__proto__", "Harbor"]) expect(isThemePreset(name)).toBe(false);
  });
});

describe("resolveTheme", () => {
  test.each(presets)("%s with no overrides is the preset itself", (name, preset) => {
    expect(resolveTheme(name, {})).toEqual(preset);
    expect(resolveTheme(name, null)).toEqual(preset);
    expect(resolveTheme(name, undefined)).toEqual(preset);
  });

  test("an unknown or prototype-key preset falls back to harbor", () => {
    expect(resolveTheme("neon", {})).toEqual(THEME_PRESETS.harbor);
    expect(resolveTheme("toString", {})).toEqual(THEME_PRESETS.harbor);
  });

  test("overrides are merged token by token on top of the preset, normalised", () => {
    const theme = resolveTheme("ember", { colors: { primary: "#ABCDEF" }, font: "serif" });
    expect(theme).toEqual({
      ...THEME_PRESETS.ember,
      colors: { ...THEME_PRESETS.ember.colors, primary: "#abcdef" },
      font: "serif",
    });
  });

  test("falsy but valid overrides win (radius 0 is not 'unset')", () => {
    expect(resolveTheme("grove", { radius: 0 }).radius).toBe(0);
    expect(THEME_PRESETS.grove.radius).not.toBe(0);
  });

  test("a color override explicitly set to undefined keeps the preset's color", () => {
    expect(resolveTheme("midnight", { colors: { primary: undefined, accent: "#000000" } }).colors).toEqual({ ...THEME_PRESETS.midnight.colors, accent: "#000000" });
  });

  test.each([
    ["a non-hex color", { colors: { primary: "red" } }],
    ["CSS injection in a color", { colors: { primary: "#fff;}body{background:url(x)}" } }],
    ["a remote logo", { logo: "https://evil.example/x.svg" }],
    ["a traversal logo", { logo: "/logos/../../etc/passwd.svg" }],
    ["an unknown font", { font: "papyrus" }],
    ["a radius out of range", { radius: 100 }],
    ["an unknown token", { script: "alert(1)" }],
    ["an unknown color token", { colors: { evil: "#000000" } }],
    ["a non-object", "colors: red"],
    ["an array", [{ radius: 2 }]],
  ])("invalid stored overrides (%s) fall back to the preset as a whole", (_label, overrides) => {
    expect(resolveTheme("harbor", overrides)).toEqual(THEME_PRESETS.harbor);
  });

  test("one invalid token discards the whole override set, not only that token", () => {
    // A half-applied brand (valid primary, dropped logo) would be a confusing mix; the preset is shown instead.
    expect(resolveTheme("ember", { colors: { primary: "#000000" }, logo: "javascript:alert(1)" })).toEqual(THEME_PRESETS.ember);
  });
});

describe("themeOverridesSchema", () => {
  test("accepts any subset of the tokens and nothing else", () => {
    expect(themeOverridesSchema.safeParse({}).success).toBe(true);
    expect(themeOverridesSchema.safeParse({ colors: { border: "#112233" } }).success).toBe(true);
    expect(themeOverridesSchema.safeParse({ logo: "/logos/acme-2.png" }).success).toBe(true);
    expect(themeOverridesSchema.safeParse({ colors: { border: "#112233" }, extra: 1 }).success).toBe(false);
  });
});

describe("themeCssVariables", () => {
  const HEX = /^#[0-9a-f]{6}$/;
  const expectedKeys = [
    "--brand-primary", "--brand-primary-foreground", "--brand-background", "--brand-surface",
    "--brand-foreground", "--brand-muted", "--brand-border", "--brand-accent", "--brand-radius", "--brand-font",
  ].sort();

  const check = (theme: ThemeTokens) => {
    const vars = themeCssVariables(theme) as Record<string, string>;
    expect(Object.keys(vars).sort()).toEqual(expectedKeys);
    for (const [key, value] of Object.entries(vars)) {
      expect(key).toMatch(/^--brand-[a-z]+(-[a-z]+)*$/);
      if (key === "--brand-radius") expect(value).toMatch(/^(\d|1\d|2[0-4])px$/);
      else if (key === "--brand-font") expect(Object.values(FONT_STACKS)).toContain(value);
      else expect(value).toMatch(HEX);
    }
    return vars;
  };

  test.each(presets)("%s emits exactly the --brand-* variables, each a validated value", (_name, preset) => {
    const vars = check(preset);
    expect(vars["--brand-primary"]).toBe(preset.colors.primary);
    expect(vars["--brand-primary-foreground"]).toBe(preset.colors.primaryForeground);
    expect(vars["--brand-radius"]).toBe(`${preset.radius}px`);
    expect(vars["--brand-font"]).toBe(FONT_STACKS[preset.font]);
  });

  test("a resolved theme from hostile stored overrides still emits only safe values", () => {
    const hostile = [
      { colors: { primary: "#fff;}body{" } },
      { colors: { primary: "url(javascript:alert(1))" } },
      { font: "x; background: url(//evil)" },
      { radius: "4px; position: fixed" },
      { "--brand-evil": "1" },
    ];
    for (const overrides of hostile) check(resolveTheme("midnight", overrides));
  });

  test.each(FONT_NAMES)("font %s maps to its stack, which carries no CSS-breaking characters", (font) => {
    const vars = check(resolveTheme("harbor", { font })) as Record<string, string>;
    expect(vars["--brand-font"]).toBe(FONT_STACKS[font]);
    expect(vars["--brand-font"]).not.toMatch(/[;{}<>()\\]/);
  });

  test("the logo (a path, not a CSS value) is not emitted as a variable", () => {
    const vars = themeCssVariables(THEME_PRESETS.harbor) as Record<string, string>;
    expect(Object.values(vars)).not.toContain(THEME_PRESETS.harbor.logo);
  });
});
