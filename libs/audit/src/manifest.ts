import { sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import type { Link } from './export-line';
import { HeadsDigest, headLine } from './head-line';
import { HeadTable } from './head-table';
import { keyIdOf } from './signing-key';

/** What an export holds: whose events, and for which reader (events that reader may not see are redacted). */
export interface ExportScope {
  kind: 'customer' | 'partner' | 'all';
  /** The customer or partner id; none for the whole log. */
  id?: string;
  /** `platform`, or the partner id of an Auditor (events not about that partner are redacted lines). */
  visibleTo: string;
}

/** The export's last line signs this: how many events and streams, and the head lines (through their digest). */
export interface Manifest {
  scope: ExportScope;
  count: number;
  /** How many streams the export holds: one head line each. */
  streams: number;
  /** SHA-256 (hex) of the head lines as written (`HeadsDigest`): where each stream's chain ends. */
  headsDigest: string;
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

/**
 * The end of an export: collects the heads of the streams as their lines are written (on disk, so memory does not
 * grow with the streams), then gives the head lines, sorted by stream, and what the manifest signs of them
 * (`manifestOf`).
 */
export class ExportEnd {
  private count = 0;
  private readonly heads = new HeadTable();

  add(stream: string, revision: bigint | number, position: bigint, link: Link): void {
    this.count++;
    this.heads.set(stream, Number(revision), String(position), link.hash);
  }

  get events(): number {
    return this.count;
  }

  /** The head lines, sorted by stream; returns what the manifest signs of them and of the events. */
  *headLines(): Generator<string, ExportTally> {
    const digest = new HeadsDigest();
    for (const head of this.heads.sorted()) {
      const line = headLine(head);
      digest.add(line);
      yield line;
    }
    return { count: this.count, streams: digest.lines, headsDigest: digest.digest() };
  }

  /** Deletes the heads' temporary table; the end is no longer usable. */
  close(): void {
    this.heads.close();
  }
}

/** What the manifest signs of an export's lines: counted and digested where they were written. */
export type ExportTally = Pick<Manifest, 'count' | 'streams' | 'headsDigest'>;

/** The manifest of an export of `scope` read up to `through`. */
export function manifestOf(scope: ExportScope, tally: ExportTally, through: bigint, createdAt: Date): Manifest {
  const { id, kind, visibleTo } = scope;
  // Keys in sorted order, here and in the scope: the manifest's canonical JSON (what is signed) is then its JSON.
  return {
    count: tally.count,
    createdAt: createdAt.toISOString(),
    headsDigest: tally.headsDigest,
    scope: id === undefined ? { kind, visibleTo } : { id, kind, visibleTo },
    streams: tally.streams,
    through: String(through),
  };
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
