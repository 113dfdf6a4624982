import http from "node:http";
import path from "node:path";
import next from "next";
import { closeAppPool } from "../../db/client";
import { logger } from "../logger";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

/**
 * The production web server: Next.js (a custom server, https://nextjs.org/docs/app/guides/custom-server)
 * for pages, routes and assets, with tRPC calls taken first by the fast path. Listens on PORT.
 */
export async function startWebServer(port = Number(process.env.PORT ?? 3000)): Promise<http.Server> {
  const app = next({ dev: false, dir: ROOT, port });
  await app.prepare();
  const handleWithNext = app.getRequestHandler();
  // Loaded once Next has set up its server environment (its async storage), which the router's modules expect.
  const { serveTrpcCall } = await import("./trpc-fast-path");

  const server = http.createServer((req, res) => {
    serveTrpcCall(req, res)
      .then((served) => (served ? undefined : handleWithNext(req, res)))
      .catch((error: unknown) => {
        logger.error({ err: error, url: req.url }, "request failed");
        if (!res.headersSent) res.writeHead(500);
        if (!res.writableEnded) res.end();
      });
  });
  await new Promise<void>((resolve) => server.listen(port, resolve));
  console.log(`[web] listening on port ${port}`);

  const stop = () => {
    // Finish the requests in flight, then leave; a client holding its connection open does not keep the process.
    server.close(() => void closeAppPool().finally(() => process.exit(0)));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  return server;
}
