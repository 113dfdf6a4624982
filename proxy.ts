import { NextResponse, type NextRequest } from "next/server";

/**
 * Routing only: the Host picks the app tree. The console lives on the base host; every other host
 * is rewritten into /t/<host>/..., where layouts re-derive the tenant from the Host on the server
 * and check the membership. No authorization happens here.
 */
const BASE_DOMAIN = (process.env.BASE_DOMAIN ?? "localhost").toLowerCase();
const INTERNAL_HEADERS = ["x-tributary-host", "x-middleware-subrequest"];

export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  for (const name of INTERNAL_HEADERS) headers.delete(name); // never trust a client-sent internal header
  // Every request gets an id for its log lines (pages' server calls log it); a sane client-sent one is kept.
  if (!/^[\w.:-]{8,128}$/.test(headers.get("x-request-id") ?? "")) headers.set("x-request-id", crypto.randomUUID());
  const host = (request.headers.get("host") ?? "").toLowerCase().replace(/:\d+$/, "");
  const { pathname } = request.nextUrl;

  if (host === BASE_DOMAIN) {
    // Tenant trees are reachable only through a tenant host.
    if (pathname === "/t" || pathname.startsWith("/t/")) return new NextResponse(null, { status: 404 });
    return NextResponse.next({ request: { headers } });
  }

  const url = request.nextUrl.clone();
  url.pathname = `/t/${encodeURIComponent(host || "unknown")}${pathname === "/" ? "" : pathname}`;
  return NextResponse.rewrite(url, { request: { headers } });
}

export const config = {
  // API routes, Next's assets and public files are served as they are on every host.
  matcher: ["/((?!api/|_next/|logos/|favicon.ico|robots.txt).*)"],
};
