/**
 * `npm start`: the production web server (server/http/web-server.ts). Run with tsx after `next build`.
 */
import { register } from "node:module";

// `import "server-only"` guards modules from client bundles; on a server it resolves to nothing, as
// in Next's server bundles (its react-server export), instead of the throwing default export.
const serverOnlyAsEmpty = `export async function resolve(specifier, context, nextResolve) {
  return specifier === "server-only" ? { url: "data:text/javascript,", format: "module", shortCircuit: true } : nextResolve(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(serverOnlyAsEmpty)}`);
Object.assign(process.env, { NODE_ENV: process.env.NODE_ENV ?? "production" });

const { startWebServer } = await import("./web-server");
await startWebServer();
