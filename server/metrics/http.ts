import { observeHttp } from "./registry";

/** Wraps a route handler so its requests count in tributary_http_requests_total under a fixed route label. */
export function withHttpMetrics<A extends unknown[]>(route: string, handler: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    const started = performance.now();
    try {
      const res = await handler(...args);
      observeHttp(route, res.status, null, (performance.now() - started) / 1000);
      return res;
    } catch (error) {
      observeHttp(route, 500, null, (performance.now() - started) / 1000);
      throw error;
    }
  };
}
