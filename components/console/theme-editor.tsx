"use client";

import { useMutation } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button, Card, Field, Input, Select } from "@/components/ui/primitives";
import {
  COLOR_TOKENS, FONT_NAMES, resolveTheme, themeCssVariables, themeOverridesSchema,
  type ColorToken, type ThemeOverrides, type ThemeTokens,
} from "@/themes";
import { fieldErrorsOf, formErrorMessage, issuesByPath } from "./form-errors";

const COLOR_LABELS: Record<ColorToken, string> = {
  primary: "Primary", primaryForeground: "Text on primary", background: "Page background", surface: "Cards",
  foreground: "Text", muted: "Secondary text", border: "Borders", accent: "Accent",
};

/** What the form holds: an empty string means "inherit from the preset". */
interface Draft { colors: Record<ColorToken, string>; radius: string; font: string; logo: string }

function draftFrom(overrides: ThemeOverrides): Draft {
  return {
    colors: Object.fromEntries(COLOR_TOKENS.map((k) => [k, overrides.colors?.[k] ?? ""])) as Record<ColorToken, string>,
    radius: overrides.radius === undefined ? "" : String(overrides.radius),
    font: overrides.font ?? "",
    logo: overrides.logo ?? "",
  };
}

function overridesFrom(draft: Draft): unknown {
  const colors = Object.fromEntries(Object.entries(draft.colors).filter(([, v]) => v.trim() !== ""));
  return {
    ...(Object.keys(colors).length ? { colors } : {}),
    ...(draft.radius.trim() !== "" ? { radius: Number(draft.radius) } : {}),
    ...(draft.font ? { font: draft.font } : {}),
    ...(draft.logo ? { logo: draft.logo } : {}),
  };
}

/** Edits a tenant's theme tokens with validation as you type and a live preview of the result. */
export function ThemeEditor({
  slug, tenantName, initialPreset, initialOverrides, presets, logos,
}: {
  slug: string; tenantName: string; initialPreset: string; initialOverrides: ThemeOverrides;
  presets: Record<string, ThemeTokens>; logos: string[];
}) {
  const trpc = useTRPC();
  const save = useMutation(trpc.platform.updateTenantTheme.mutationOptions());
  const [preset, setPreset] = useState(initialPreset);
  const [draft, setDraft] = useState<Draft>(() => draftFrom(initialOverrides));
  const [lastValid, setLastValid] = useState<ThemeOverrides>(initialOverrides);
  const [saved, setSaved] = useState(false);

  const parsed = useMemo(() => themeOverridesSchema.safeParse(overridesFrom(draft)), [draft]);
  const clientErrors = parsed.success ? {} : issuesByPath(parsed.error.issues);
  const errors = { ...fieldErrorsOf(save.error), ...clientErrors };
  // The preview shows the last valid state, so a half-typed color never renders garbage.
  const preview = resolveTheme(preset, parsed.success ? parsed.data : lastValid);
  const base = presets[preset] ?? presets.harbor;

  function update(next: Draft) {
    setSaved(false);
    setDraft(next);
    const check = themeOverridesSchema.safeParse(overridesFrom(next));
    if (check.success) setLastValid(check.data);
  }

  async function onSave() {
    if (!parsed.success) return;
    setSaved(false);
    const result = await save.mutateAsync({ slug, themePreset: preset as never, overrides: parsed.data }).catch(() => null);
    if (result) setSaved(true);
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_420px]">
      <Card title="Theme" actions={<Button onClick={onSave} disabled={!parsed.success || save.isPending} data-testid="save-theme">{save.isPending ? "Saving…" : "Save theme"}</Button>}>
        <div className="space-y-5">
          {saved && <Alert tone="success">Theme saved. {tenantName}&apos;s portals use it from the next page load.</Alert>}
          {save.error && Object.keys(fieldErrorsOf(save.error)).length === 0 && <Alert>{formErrorMessage(save.error)}</Alert>}
          {!parsed.success && <Alert>Fix the highlighted fields to save; the preview keeps the last valid theme.</Alert>}
          <Field label="Preset" htmlFor="preset">
            <Select id="preset" value={preset} onChange={(e) => { setSaved(false); setPreset(e.target.value); }}>
              {Object.keys(presets).map((p) => <option key={p} value={p}>{p}</option>)}
            </Select>
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            {COLOR_TOKENS.map((token) => {
              const value = draft.colors[token];
              const error = errors[`colors.${token}`];
              return (
                <Field key={token} label={COLOR_LABELS[token]} htmlFor={`color-${token}`} error={error} hint={value ? undefined : `Preset: ${base.colors[token]}`}>
                  <div className="flex gap-2">
                    <input
                      type="color"
                      aria-label={`${COLOR_LABELS[token]} picker`}
                      value={/^#[0-9a-fA-F]{6}$/.test(value) ? value : base.colors[token]}
                      onChange={(e) => update({ ...draft, colors: { ...draft.colors, [token]: e.target.value } })}
                      className="h-9 w-10 cursor-pointer rounded-brand border border-border bg-surface"
                    />
                    <Input
                      id={`color-${token}`}
                      value={value}
                      placeholder={base.colors[token]}
                      invalid={Boolean(error)}
                      onChange={(e) => update({ ...draft, colors: { ...draft.colors, [token]: e.target.value } })}
                    />
                  </div>
                </Field>
              );
            })}
          </div>
          <div className="grid gap-4 sm:grid-cols-3">
            <Field label="Corner radius (px)" htmlFor="radius" error={errors.radius} hint={draft.radius ? undefined : `Preset: ${base.radius}`}>
              <Input id="radius" type="number" min={0} max={24} value={draft.radius} placeholder={String(base.radius)} invalid={Boolean(errors.radius)} onChange={(e) => update({ ...draft, radius: e.target.value })} />
            </Field>
            <Field label="Font" htmlFor="font" error={errors.font}>
              <Select id="font" value={draft.font} onChange={(e) => update({ ...draft, font: e.target.value })}>
                <option value="">Preset ({base.font})</option>
                {FONT_NAMES.map((f) => <option key={f} value={f}>{f}</option>)}
              </Select>
            </Field>
            <Field label="Logo" htmlFor="logo" error={errors.logo}>
              <Select id="logo" value={draft.logo} onChange={(e) => update({ ...draft, logo: e.target.value })}>
                <option value="">Preset logo</option>
                {logos.map((l) => <option key={l} value={l}>{l.replace("/logos/", "")}</option>)}
              </Select>
            </Field>
          </div>
        </div>
      </Card>
      <ThemePreview theme={preview} tenantName={tenantName} />
    </div>
  );
}

function ThemePreview({ theme, tenantName }: { theme: ThemeTokens; tenantName: string }) {
  return (
    <div className="sticky top-4 self-start">
      <p className="mb-2 text-sm font-medium text-muted">Live preview</p>
      <div style={themeCssVariables(theme)} className="overflow-hidden rounded-brand border border-border bg-background font-brand text-foreground shadow-sm" data-testid="theme-preview">
        <div className="flex items-center gap-2 border-b border-border bg-surface px-4 py-3">
          {/* eslint-disable-next-line @next/next/no-img-element -- validated path under /logos */}
          <img src={theme.logo} alt="" width={24} height={24} className="h-6 w-6" />
          <span className="text-sm font-semibold">{tenantName}</span>
          <span className="ml-auto rounded-full bg-primary px-2 py-0.5 text-xs text-primary-foreground">Operator</span>
        </div>
        <div className="space-y-3 p-4">
          <div className="rounded-brand border border-border bg-surface p-3">
            <p className="text-xs uppercase tracking-wide text-muted">Monthly recurring revenue</p>
            <p className="text-xl font-semibold">€48,210</p>
          </div>
          <p className="text-sm text-muted">Secondary text sits quietly beside <span className="text-accent">accented links</span>.</p>
          <button type="button" className="rounded-brand bg-primary px-4 py-2 text-sm font-medium text-primary-foreground" data-testid="preview-primary">
            Primary action
          </button>
        </div>
      </div>
    </div>
  );
}
