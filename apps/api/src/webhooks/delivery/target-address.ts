import { BlockList, isIP } from 'node:net';

/**
 * Addresses a webhook may never reach unless WEBHOOKS_ALLOW_PRIVATE_TARGETS=1: the API's own host and network, cloud
 * metadata services (169.254.169.254), and anything not globally routable. IPv4-mapped IPv6 addresses
 * (`::ffff:127.0.0.1`) are matched by the IPv4 rules (BlockList does that), and NAT64 addresses by the IPv4 address
 * they embed.
 */
const refused = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  refused.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fe80::', 10], // link-local
  ['fc00::', 7], // unique local
  ['fec0::', 10], // site-local (deprecated, still routable inside sites)
  ['ff00::', 8], // multicast
  ['2001:db8::', 32], // documentation
  ['100::', 64], // discard
] as const)
  refused.addSubnet(network, prefix, 'ipv6');

const NAT64 = /^64:ff9b::(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i;

/** True for an address a webhook must not reach by default; anything that is not an IP address counts as private. */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return refused.check(bare, 'ipv4');
  if (family !== 6) return true;
  if (refused.check(bare, 'ipv6')) return true;
  const nat64 = NAT64.exec(bare);
  if (nat64) {
    const embedded = nat64[1] ?? hexPairToIpv4(nat64[2], nat64[3]);
    return refused.check(embedded, 'ipv4');
  }
  return false;
}

function hexPairToIpv4(high: string, low: string): string {
  const h = parseInt(high, 16);
  const l = parseInt(low, 16);
  return [h >> 8, h & 255, l >> 8, l & 255].join('.');
}

export type TargetUrlProblem = { field: 'url'; message: string };

/**
 * What a registration's URL must be before anything resolves it: absolute, `https:` (`http:` only where private
 * targets are allowed, i.e. development and tests), no credentials, no fragment, at most 2,048 characters.
 */
export function checkTargetUrl(text: unknown, allowPrivate: boolean): { url: URL } | TargetUrlProblem {
  if (typeof text !== 'string' || text.length === 0) return { field: 'url', message: 'must be an absolute https URL' };
  if (text.length > 2048) return { field: 'url', message: 'must be at most 2048 characters' };
  if (!URL.canParse(text)) return { field: 'url', message: 'is not an absolute URL' };
  const url = new URL(text);
  const schemes = allowPrivate ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) return { field: 'url', message: `must use ${schemes.join(' or ')}` };
  if (url.username || url.password) return { field: 'url', message: 'must not carry credentials' };
  if (url.hash) return { field: 'url', message: 'must not have a fragment' };
  if (!url.hostname) return { field: 'url', message: 'must name a host' };
  return { url };
}

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

export type Resolve = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** Thrown when a target resolves to nothing, or (without the setting) to an address it must not reach. */
export class RefusedTargetError extends Error {}

/**
 * Resolves the URL's host and returns the address to connect to. Every address the name resolves to must be public
 * (not only the first): a name with one public and one private address could otherwise be steered to the private
 * one. The caller connects to the returned address, so the name is not resolved a second time (DNS rebinding).
 */
export async function resolveTarget(url: URL, allowPrivate: boolean, resolve: Resolve): Promise<ResolvedAddress> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host);
  const addresses: readonly ResolvedAddress[] = literal ? [{ address: host, family: literal as 4 | 6 }] : await resolve(host);
  if (addresses.length === 0) throw new RefusedTargetError('the host name resolves to no address');
  if (!allowPrivate) {
    const blocked = addresses.find((a) => isPrivateAddress(a.address));
    if (blocked) throw new RefusedTargetError('the host resolves to a loopback, private, link-local or otherwise non-public address');
  }
  return addresses[0];
}
