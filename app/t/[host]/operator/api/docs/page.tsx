import Link from "next/link";
import { OpenApiReference, type OpenApiDoc } from "@/components/api/openapi-reference";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { openApiDocument } from "@/server/api/rest";

export default async function ApiDocs() {
  await requirePortalActor("operator");
  const doc = openApiDocument() as unknown as OpenApiDoc;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">API reference</h1>
          <p className="text-sm text-muted">{doc.info.title} {doc.info.version} · <a href="/api/v1/openapi.json" className="text-accent underline">openapi.json</a></p>
        </div>
        <Link href="/operator/api" className="text-sm font-medium text-accent underline">← API keys</Link>
      </div>
      <OpenApiReference doc={doc} />
    </div>
  );
}
