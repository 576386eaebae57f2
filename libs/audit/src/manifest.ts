import { sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import type { Link } from './export-line';
import { keyIdOf } from './signing-key';

/** What an export holds: whose events, and for which reader (events that reader may not see are redacted). */
export interface ExportScope {
  kind: 'customer' | 'partner' | 'all';
  /** The customer or partner id; none for the whole log. */
  id?: string;
  /** `platform`, or the partner id of an Auditor (events not about that partner are redacted lines). */
  visibleTo: string;
}

export interface StreamHead {
  revision: number;
  hash: string;
  /** The head event's log position (decimal): where a removed last event belonged, for the verifier to name. */
  position: string;
}

/** The export's last line signs this: how many events, and where each stream's chain ends. */
export interface Manifest {
  scope: ExportScope;
  count: number;
  streams: Record<string, StreamHead>;
  /** The log position the export was read up to (decimal). */
  through: string;
  createdAt: string;
}

export interface ManifestLine {
  manifest: Manifest;
  /** Base64 Ed25519 signature over the canonical JSON of `manifest`. */
  signature: string;
  keyId: string;
}

/** Collects the heads of the streams as their lines are written; memory grows with streams, not with events. */
export class ManifestBuilder {
  private count = 0;
  /** Each stream's last event so far, made into a `StreamHead` once, when the manifest is built. */
  private readonly heads = new Map<string, { revision: bigint | number; position: bigint; hash: string }>();

  constructor(private readonly scope: ExportScope) {}

  add(stream: string, revision: bigint | number, position: bigint, link: Link): void {
    this.count++;
    const head = this.heads.get(stream);
    if (!head) this.heads.set(stream, { revision, position, hash: link.hash });
    else {
      head.revision = revision;
      head.position = position;
      head.hash = link.hash;
    }
  }

  get events(): number {
    return this.count;
  }

  build(through: bigint, createdAt: Date): Manifest {
    // Sorted, so that two exports of the same history carry the same manifest whatever order streams appeared in; the
    // keys too, here and below: the manifest's canonical JSON (what is signed) is then its JSON.
    const streams: Record<string, StreamHead> = {};
    for (const stream of [...this.heads.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      const { hash, position, revision } = this.heads.get(stream)!;
      streams[stream] = { hash, position: String(position), revision: Number(revision) };
    }
    const { id, kind, visibleTo } = this.scope;
    const scope = id === undefined ? { kind, visibleTo } : { id, kind, visibleTo };
    return { count: this.count, createdAt: createdAt.toISOString(), scope, streams, through: String(through) };
  }
}

/** The manifest line (without its newline), signed with the deployment's audit key. */
export function signedManifestLine(manifest: Manifest, privateKey: KeyObject, publicKey: KeyObject): string {
  const signature = sign(null, Buffer.from(canonicalJson(manifest)), privateKey).toString('base64');
  const line: ManifestLine = { manifest, signature, keyId: keyIdOf(publicKey) };
  return JSON.stringify(line);
}

export function manifestSignatureVerifies(line: ManifestLine, publicKey: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(canonicalJson(line.manifest)), publicKey, Buffer.from(line.signature, 'base64'));
  } catch {
    return false;
  }
}
