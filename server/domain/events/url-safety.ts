import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { DomainError } from "../errors";

/*
 * SSRF guard for webhook URLs. A URL must be https and every address its host resolves to must be
 * public: not private (RFC 1918, ULA), loopback, link-local (cloud metadata lives at 169.254.169.254),
 * CGNAT, multicast, reserved or unspecified. It is checked when an endpoint is saved AND at every
 * delivery, and the delivery connects to the very address it checked (no second DNS answer can
 * rebind it to an internal one). TRIBUTARY_WEBHOOKS_ALLOW_LOOPBACK=1 (development and tests only)
 * additionally allows http and loopback addresses, so a receiver on 127.0.0.1 can be used; private
 * and link-local addresses stay refused even then.
 */

const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24],
  ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) blocked.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  // (IPv4-mapped ::ffff:0:0/96 is not listed: BlockList would match every IPv4 address against it; mapped addresses are unwrapped below.)
  ["::", 128], ["::1", 128], ["64:ff9b::", 96], ["100::", 64], ["2001::", 23], ["2001:db8::", 32],
  ["fc00::", 7], ["fe80::", 10], ["fec0::", 10], ["ff00::", 8],
] as const) blocked.addSubnet(net, prefix, "ipv6");

const loopback = new BlockList();
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");

export function loopbackAllowed(): boolean {
  return process.env.TRIBUTARY_WEBHOOKS_ALLOW_LOOPBACK === "1";
}

/** Why an address may not be called, or null when it is public (or loopback under the development setting). */
export function addressRefusal(address: string, allowLoopback = loopbackAllowed()): string | null {
  const family: "ipv4" | "ipv6" = isIP(address) === 6 ? "ipv6" : "ipv4";
  // An IPv4-mapped IPv6 address is judged as the IPv4 address it carries.
  const mapped = family === "ipv6" ? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] : undefined;
  const [addr, fam]: [string, "ipv4" | "ipv6"] = mapped ? [mapped, "ipv4"] : [address, family];
  if (allowLoopback && loopback.check(addr, fam)) return null;
  if (!blocked.check(addr, fam)) return null;
  if (loopback.check(addr, fam)) return `${address} is a loopback address`;
  if (addr.startsWith("169.254.") || /^fe[89ab]/i.test(addr)) return `${address} is a link-local address`;
  return `${address} is a private or reserved address`;
}

export interface VettedUrl {
  url: URL;
  /** The checked addresses, in resolver order; a delivery connects to the first. */
  addresses: Array<{ address: string; family: 4 | 6 }>;
}

/** Parses and checks a webhook URL, resolving its host; a refusal is a BAD_REQUEST naming the reason. */
export async function vetWebhookUrl(raw: string, allowLoopback = loopbackAllowed()): Promise<VettedUrl> {
  const refuse = (message: string): never => {
    throw new DomainError("BAD_REQUEST", message, { url: [message] });
  };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse("Enter a full URL, such as https://example.com/webhooks");
  }
  if (url.username || url.password) refuse("A webhook URL may not carry a user name or password");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: VettedUrl["addresses"];
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) as 4 | 6 }];
  } else {
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family as 4 | 6 }));
    } catch {
      return refuse(`The host ${host} does not resolve`);
    }
    if (addresses.length === 0) refuse(`The host ${host} does not resolve`);
  }
  for (const a of addresses) {
    const why = addressRefusal(a.address, allowLoopback);
    if (why) refuse(`Webhook URLs must reach a public address: ${host === a.address ? why : `${host} resolves to ${why}`}`);
  }
  const isLoopback = addresses.every((a) => loopback.check(a.address, a.family === 6 ? "ipv6" : "ipv4"));
  if (url.protocol !== "https:" && !(url.protocol === "http:" && allowLoopback && isLoopback)) refuse("Webhook URLs must use https");
  return { url, addresses };
}
