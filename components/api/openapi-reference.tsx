import type { ReactNode } from "react";
import { Badge, Card } from "@/components/ui/primitives";

/*
 * A readable rendering of an OpenAPI 3.1 document, on the server, with no scripts: endpoints by tag
 * with their parameters, request body and responses, then every named schema. Only the parts of
 * JSON Schema the generator emits are drawn (objects, arrays, enums, unions, $refs).
 */

type Schema = {
  $ref?: string; type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; enum?: unknown[];
  anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[]; description?: string; format?: string; default?: unknown; pattern?: string;
  minimum?: number; maximum?: number; minLength?: number; maxLength?: number; minItems?: number; maxItems?: number;
};
type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: Schema };
type Operation = {
  operationId?: string; summary?: string; description?: string; tags?: string[]; parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> }; responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
};
export type OpenApiDoc = { info: { title: string; version: string; description?: string }; servers?: Array<{ url: string }>; paths?: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } };

const refName = (ref: string) => ref.split("/").pop() ?? ref;
const anchor = (name: string) => `schema-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`;

function typeLabel(s: Schema | undefined): ReactNode {
  if (!s) return "any";
  if (s.$ref) return <a href={`#${anchor(refName(s.$ref))}`} className="text-accent underline">{refName(s.$ref)}</a>;
  const union = s.anyOf ?? s.oneOf;
  if (union) return <>{union.map((u, i) => <span key={i}>{i > 0 && " | "}{typeLabel(u)}</span>)}</>;
  if (s.enum) return s.enum.map((e) => JSON.stringify(e)).join(" | ");
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (types.includes("array")) return <>{typeLabel(s.items)}[]{types.includes("null") && " | null"}</>;
  return (types.join(" | ") || "object") + (s.format ? ` (${s.format})` : "");
}

function constraints(s: Schema | undefined): string {
  if (!s) return "";
  const out: string[] = [];
  if (s.minimum !== undefined) out.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined) out.push(`≤ ${s.maximum}`);
  if (s.minLength !== undefined) out.push(`length ≥ ${s.minLength}`);
  if (s.maxLength !== undefined) out.push(`length ≤ ${s.maxLength}`);
  if (s.maxItems !== undefined) out.push(`at most ${s.maxItems} items`);
  if (s.pattern && !s.format) out.push(`pattern ${s.pattern}`); // a uuid's pattern says nothing its format does not
  if (s.default !== undefined) out.push(`default ${JSON.stringify(s.default)}`);
  return out.join(", ");
}

function PropertyTable({ schema }: { schema: Schema }) {
  const props = Object.entries(schema.properties ?? {});
  if (!props.length) return <p className="text-sm text-muted">{typeLabel(schema)}</p>;
  return (
    <table className="w-full text-sm">
      <thead>
        <tr className="border-b border-border text-left text-xs uppercase tracking-wide text-muted">
          <th className="py-1 pr-4 font-medium">Field</th><th className="py-1 pr-4 font-medium">Type</th><th className="py-1 font-medium">Notes</th>
        </tr>
      </thead>
      <tbody>
        {props.map(([name, s]) => (
          <tr key={name} className="border-b border-border align-top last:border-0">
            <td className="py-1 pr-4 font-mono text-xs">{name}{schema.required?.includes(name) && <span className="text-red-600" title="required">*</span>}</td>
            <td className="py-1 pr-4 font-mono text-xs">{typeLabel(s)}</td>
            <td className="py-1 text-xs text-muted">{[s.description, constraints(s)].filter(Boolean).join(" · ")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const METHOD_TONE: Record<string, "primary" | "success" | "warning" | "neutral"> = { get: "success", post: "primary", patch: "warning", put: "warning", delete: "neutral" };

function Endpoint({ method, path, op, base }: { method: string; path: string; op: Operation; base: string }) {
  const body = op.requestBody?.content?.["application/json"]?.schema;
  return (
    <section id={op.operationId} className="space-y-3 border-t border-border pt-4 first:border-0 first:pt-0" data-testid="api-endpoint">
      <h3 className="flex flex-wrap items-center gap-2 text-base font-semibold">
        <Badge tone={METHOD_TONE[method] ?? "neutral"}>{method.toUpperCase()}</Badge>
        <code className="font-mono text-sm">{base}{path}</code>
        <span className="text-muted">— {op.summary}</span>
      </h3>
      {op.description && <p className="text-sm">{op.description}</p>}
      {op.parameters?.length ? (
        <div>
          <h4 className="text-xs font-semibold uppercase tracking-wide text-muted">Parameters</h4>
          <table className="w-full text-sm">
            <tbody>
              {op.parameters.map((p) => (
                <tr key={`${p.in}-${p.name}`} className="border-b border-border align-top last:border-0">
                  <td className="py-1 pr-4 font-mono text-xs">{p.name}{p.required && <span className="text-red-600">*</span>}</td>
                  <td className="py-1 pr-4 text-xs text-muted">{p.in}</td>
                  <td className="py-1 pr-4 font-mono text-xs">{typeLabel(p.schema)}</td>
                  <td className="py-1 text-xs text-muted">{[p.description ?? p.schema?.description, constraints(p.schema)].filter(Boolean).join(" · ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {body && (
        <div>
          <h4 className="text-xs font-semibold uppercase tracking-wide text-muted">Request body (JSON)</h4>
          <PropertyTable schema={body} />
        </div>
      )}
      <div>
        <h4 className="text-xs font-semibold uppercase tracking-wide text-muted">Responses</h4>
        <ul className="text-sm">
          {Object.entries(op.responses ?? {}).map(([status, r]) => (
            <li key={status} className="flex flex-wrap gap-2 py-0.5">
              <span className="font-mono text-xs">{status}</span>
              <span className="font-mono text-xs">{typeLabel(r.content?.["application/json"]?.schema)}</span>
              <span className="text-xs text-muted">{r.description}</span>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

export function OpenApiReference({ doc }: { doc: OpenApiDoc }) {
  const base = doc.servers?.[0]?.url ?? "";
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  const tags = [...new Set(operations.map((o) => o.op.tags?.[0] ?? "Other"))];
  const schemas = Object.entries(doc.components?.schemas ?? {});
  return (
    <div className="space-y-6">
      {doc.info.description && <p className="max-w-3xl text-sm">{doc.info.description}</p>}
      <nav aria-label="Endpoints" className="flex flex-wrap gap-3 text-sm">
        {tags.map((tag) => <a key={tag} href={`#tag-${tag}`} className="text-accent underline">{tag}</a>)}
        <a href="#schemas" className="text-accent underline">Schemas</a>
      </nav>
      {tags.map((tag) => (
        <div key={tag} id={`tag-${tag}`}>
          <Card title={tag}>
            <div className="space-y-4">
              {operations.filter((o) => (o.op.tags?.[0] ?? "Other") === tag).map((o) => <Endpoint key={`${o.method} ${o.path}`} base={base} {...o} />)}
            </div>
          </Card>
        </div>
      ))}
      <div id="schemas">
        <Card title="Schemas">
          <div className="space-y-5">
            {schemas.map(([name, schema]) => (
              <section key={name} id={anchor(name)} className="space-y-1">
                <h3 className="font-mono text-sm font-semibold">{name}</h3>
                <PropertyTable schema={schema} />
              </section>
            ))}
          </div>
        </Card>
      </div>
    </div>
  );
}
