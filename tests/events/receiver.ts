import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Received { headers: http.IncomingHttpHeaders; body: string; at: number }

/** A local webhook receiver on 127.0.0.1: records what it gets and answers with `status()`. */
export async function startReceiver(status: () => number = () => 200) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      received.push({ headers: req.headers, body, at: Date.now() });
      res.writeHead(status(), { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
