import { z } from "zod";

/** Fonts are named stacks of locally installed faces: nothing is fetched, nothing is free text. */
export const FONT_STACKS = {
  system: 'ui-sans-serif, system-ui, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  humanist: 'Seravek, "Gill Sans Nova", Ubuntu, Calibri, "DejaVu Sans", source-sans-pro, sans-serif',
  geometric: 'Avenir, Montserrat, Corbel, "URW Gothic", source-sans-pro, sans-serif',
  serif: 'Charter, "Bitstream Charter", "Sitka Text", Cambria, Georgia, serif',
  mono: 'ui-monospace, "Cascadia Code", "Source Code Pro", Menlo, Consolas, "DejaVu Sans Mono", monospace',
} as const;
export type FontName = keyof typeof FONT_STACKS;
export const FONT_NAMES = Object.keys(FONT_STACKS) as [FontName, ...FontName[]];

export const COLOR_TOKENS = ["primary", "primaryForeground", "background", "surface", "foreground", "muted", "border", "accent"] as const;
export type ColorToken = (typeof COLOR_TOKENS)[number];

const hexColor = z.string().trim().regex(/^#[0-9a-fA-F]{6}$/, "Use a hex color like #1a2b3c").transform((v) => v.toLowerCase());

/** Logos live in our own storage (`public/logos`); a token can only name a file there. */
export const logoPath = z
  .string()
  .trim()
  .regex(/^\/logos\/[a-z0-9][a-z0-9-]{0,62}\.(svg|png)$/, "Logo must be a file under /logos/, like /logos/acme.svg");

export const themeTokensSchema = z.object({
  colors: z.object(Object.fromEntries(COLOR_TOKENS.map((k) => [k, hexColor])) as Record<ColorToken, typeof hexColor>),
  radius: z.number().int().min(0, "Radius is 0 to 24 px").max(24, "Radius is 0 to 24 px"),
  font: z.enum(FONT_NAMES, { message: `Font must be one of: ${FONT_NAMES.join(", ")}` }),
  logo: logoPath,
});
export type ThemeTokens = z.infer<typeof themeTokensSchema>;

/** What a tenant (or reseller) stores on top of its preset: any subset of the tokens. */
export const themeOverridesSchema = z
  .object({
    colors: z.object(Object.fromEntries(COLOR_TOKENS.map((k) => [k, hexColor.optional()])) as Record<ColorToken, z.ZodOptional<typeof hexColor>>).strict().partial().optional(),
    radius: themeTokensSchema.shape.radius.optional(),
    font: themeTokensSchema.shape.font.optional(),
    logo: logoPath.optional(),
  })
  .strict();
export type ThemeOverrides = z.infer<typeof themeOverridesSchema>;
