import { SignInForm } from "./sign-in-form";

/** The sign-in page body, in the branding of whatever ThemeScope surrounds it. */
export function SignInCard({ name, logo, subtitle }: { name: string; logo: string; subtitle: string }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm space-y-6">
        <div className="flex flex-col items-center gap-3 text-center">
          {/* eslint-disable-next-line @next/next/no-img-element -- validated path under /logos, no optimisation needed */}
          <img src={logo} alt={`${name} logo`} width={56} height={56} className="h-14 w-14" data-testid="brand-logo" />
          <div>
            <h1 className="text-xl font-semibold" data-testid="workspace-name">{name}</h1>
            <p className="text-sm text-muted">{subtitle}</p>
          </div>
        </div>
        <div className="rounded-brand border border-border bg-surface p-6 shadow-sm">
          <SignInForm />
        </div>
        <p className="text-center text-xs text-muted">Powered by Tributary</p>
      </div>
    </main>
  );
}
