import type { KeyObject } from 'node:crypto';
import { recomputeHash } from './chain-check';
import type { Link } from './export-line';
import { compareStreams, HeadsDigest, parseHeadLine, type StreamHead } from './head-line';
import { parseLine, POSITION, type ParsedLine } from './line-parser';
import { manifestSignatureVerifies, type ManifestLine } from './manifest';
import { keyIdOf } from './signing-key';

/** What is wrong with an export, named after what was done to it. */
export type Finding = 'altered' | 'removed' | 'inserted' | 'reordered' | 'cut off' | 'signature';

export type Verdict =
  | { intact: true; events: number; streams: number }
  | {
      intact: false;
      /** 1-based line number in the export file of the first bad event (for a removed event: where it belonged). */
      line: number;
      finding: Finding;
      detail: string;
      /**
       * Set when the line is found by reading the file again, once the manifest is known: the line of this stream's
       * revision, the place of an event of this position (after every event line of a lower position), or the place of
       * this stream's head line (before the first head line of a later stream).
       */
      locate?: { stream: string; revision: number } | { position: bigint } | { head: string };
    };

type Failure = Extract<Verdict, { intact: false }>;

interface StreamState {
  revision: number;
  link: Link;
  position: bigint;
  redacted: boolean;
  firstLine: number;
  lastLine: number;
  /** Whether its head line was read. */
  headed: boolean;
}

/** The head lines read so far, and what their disagreements with the event lines would mean, kept to the first. */
interface HeadLines {
  firstLine: number;
  last: string;
  digest: HeadsDigest;
  /** The first thing wrong with the events if the head lines are the signed ones (the digest verifies). */
  eventFailure?: Failure;
  /** The first head line that disagrees with the events, if the head lines are not the signed ones. */
  headFailure?: Failure;
}

const first = (a: Failure | undefined, b: Failure): Failure => (a && a.line <= b.line ? a : b);

/**
 * Verifies an export line by line, in one pass with memory that grows with the number of streams only: every
 * stream's chain from revision 0 (the full hash of each event line, link continuity across redacted lines), the log
 * order of positions, each stream's head line against where its chain ended, then the manifest's signature, the
 * digest of the head lines it signs, and the counts. Names the first bad line; after a revision gap it reads on only
 * to tell a reordered event (it comes later) from a removed one.
 */
export class ExportVerifier {
  private readonly streams = new Map<string, StreamState>();
  private lines = 0;
  private events = 0;
  private previous?: { position: bigint; stream: string; line: number };
  private beforePrevious?: bigint;
  private heads?: HeadLines;
  private manifest?: { line: number; value: unknown };
  private failure?: Failure;
  /** After a revision gap: the revision that did not come where it should, looked for further on. */
  private missing?: { stream: string; revision: number; line: number; found: number };
  private lastLineUnparsable = false;

  constructor(private readonly publicKey: KeyObject) {}

  /** The next line of the file (its UTF-8 bytes), without its line break. */
  push(text: Buffer): void {
    const line = ++this.lines;
    if (this.failure) return this.lookForMissing(text, line);
    this.failure = this.check(text, line);
  }

  /** The verdict once every line was pushed. */
  end(): Verdict {
    if (this.failure) {
      // A last line that is not JSON, with no manifest after it: the file was cut in the middle of a line.
      if (this.lastLineUnparsable && this.failure.line === this.lines && !this.manifest)
        return {
          intact: false,
          line: this.lines,
          finding: 'cut off',
          detail: `line ${this.lines} is incomplete and no manifest follows: the export was cut off`,
        };
      return this.failure;
    }
    if (!this.manifest)
      return {
        intact: false,
        line: this.lines + 1,
        finding: 'cut off',
        detail: `the export ends after line ${this.lines} without its manifest: it was cut off`,
      };
    return this.checkManifest(this.manifest.line, this.manifest.value) ?? { intact: true, events: this.events, streams: this.streams.size };
  }

  private check(text: Buffer, line: number): Failure | undefined {
    if (this.manifest) return fail(line, 'inserted', `a line after the manifest (line ${this.manifest.line})`);
    const parsed = parseLine(text);
    this.lastLineUnparsable = !parsed;
    if (!parsed) return fail(line, 'altered', 'the line is not valid JSON');
    const { value, event } = parsed;
    if (typeof value === 'object' && value !== null && 'manifest' in value) {
      this.manifest = { line, value };
      return undefined;
    }
    if (typeof value === 'object' && value !== null && 'head' in value) return this.checkHead(value as Record<string, unknown>, text, line);
    if (this.heads) return fail(line, 'inserted', `an event line after the head lines (from line ${this.heads.firstLine})`);
    if (typeof event === 'string') return fail(line, 'altered', event);
    const state = this.streams.get(event.stream);
    const failure = this.checkRevision(event, state, line) ?? this.checkLink(event, state, line) ?? this.checkOrder(event, line);
    if (failure) return failure;
    this.events++;
    if (state) {
      state.revision = event.revision;
      state.link = event.link;
      state.position = event.position;
      state.redacted = event.redacted;
      state.lastLine = line;
    } else
      this.streams.set(event.stream, {
        revision: event.revision,
        link: event.link,
        position: event.position,
        redacted: event.redacted,
        firstLine: line,
        lastLine: line,
        headed: false,
      });
    this.beforePrevious = this.previous?.position;
    this.previous = { position: event.position, stream: event.stream, line };
    return undefined;
  }

  private checkRevision(event: ParsedLine, state: StreamState | undefined, line: number): Failure | undefined {
    const expected = state ? state.revision + 1 : 0;
    if (event.revision === expected) return undefined;
    const what = `revision ${event.revision} of ${event.stream}`;
    if (event.revision < expected) {
      return state && event.revision === state.revision && event.link.hash === state.link.hash
        ? fail(line, 'inserted', `${what} again: a copy of line ${state.lastLine}`)
        : fail(line, 'inserted', `${what} again, after revision ${state!.revision} (line ${state!.lastLine})`);
    }
    this.missing = { stream: event.stream, revision: expected, line, found: event.revision };
    // Where exactly it was is not in the file (positions are outside the chain): it belonged after the stream's
    // previous line and before this one, which is named.
    const after = state ? `revision ${state.revision} (line ${state.lastLine})` : 'the start of the export';
    return fail(line, 'removed', `revision ${expected} of ${event.stream} is missing: ${what} follows ${after}`);
  }

  private checkLink(event: ParsedLine, state: StreamState | undefined, line: number): Failure | undefined {
    const prev = state?.link.hash ?? null;
    if (event.link.prev === prev && (event.redacted || selfConsistent(event))) return undefined;
    const what = `revision ${event.revision} of ${event.stream}`;
    if (event.link.prev === prev) return fail(line, 'altered', `${what}: its content does not match its hash`);
    // This line is consistent with the link it names, and the line it should link to is redacted (its hash is covered
    // by nothing but this link): that redacted line is the one altered.
    if (state?.redacted && (event.redacted || selfConsistent(event)))
      return fail(state.lastLine, 'altered', `the redacted line's hash is not the one ${what} (line ${line}) links to`);
    const named = prev === null ? 'where the stream has none before it' : `where revision ${event.revision - 1} has ${prev}`;
    return fail(line, 'altered', `${what}: its link names ${event.link.prev ?? 'no'} previous hash ${named}`);
  }

  /** Lines are in log order; two lines of one position only within a stream (one append). */
  private checkOrder(event: ParsedLine, line: number): Failure | undefined {
    const previous = this.previous;
    if (!previous) return undefined;
    if (event.position > previous.position || (event.position === previous.position && event.stream === previous.stream)) return undefined;
    // Out of place is the line that breaks the order with its neighbours: the previous one when this one still
    // follows the line before it (or there is none), else this one.
    const culprit = this.beforePrevious === undefined || event.position > this.beforePrevious ? previous.line : line;
    return fail(
      culprit,
      'reordered',
      `line ${previous.line} (position ${previous.position}) comes before line ${line} (position ${event.position}) in the file but not in the log`,
    );
  }

  private lookForMissing(text: Buffer, line: number): void {
    const missing = this.missing;
    const event = missing && parseLine(text)?.event;
    if (!missing || !event || typeof event === 'string' || event.stream !== missing.stream || event.revision !== missing.revision) return;
    this.failure = fail(
      missing.line,
      'reordered',
      `revision ${missing.found} of ${missing.stream} comes before revision ${missing.revision}, which is at line ${line}`,
    );
    this.missing = undefined;
  }

  /**
   * A head line: in order after the previous one, added to the digest, and compared with where its stream's chain
   * ended. A disagreement means the events were changed if the head lines are the signed ones, and the head line was
   * if they are not: which one is known only from the manifest, so both readings are kept (the first of each).
   */
  private checkHead(value: Record<string, unknown>, text: Buffer, line: number): Failure | undefined {
    const head = parseHeadLine(value);
    if (typeof head === 'string') return fail(line, 'altered', head);
    const heads = (this.heads ??= { firstLine: line, last: '', digest: new HeadsDigest() });
    if (heads.digest.lines > 0) {
      const order = compareStreams(heads.last, head.stream);
      if (order === 0) return fail(line, 'inserted', `a second head line of ${head.stream}`);
      if (order > 0) return fail(line, 'reordered', `the head line of ${head.stream} comes after the one of ${heads.last}`);
    }
    heads.last = head.stream;
    heads.digest.add(text);
    const state = this.streams.get(head.stream);
    if (state) state.headed = true;
    const disagreement = headDisagreement(head, state, line);
    if (disagreement) {
      heads.eventFailure = first(heads.eventFailure, disagreement);
      heads.headFailure = first(
        heads.headFailure,
        fail(line, 'altered', `the head line of ${head.stream} is not the signed one: ${disagreement.detail}`),
      );
    }
    return undefined;
  }

  private checkManifest(line: number, value: unknown): Failure | undefined {
    const signed = value as Partial<ManifestLine>;
    const manifest = signed.manifest;
    if (typeof signed.signature !== 'string' || typeof signed.keyId !== 'string' || typeof manifest !== 'object' || manifest === null)
      return fail(line, 'altered', 'the manifest line has no manifest, signature or keyId');
    const keyId = keyIdOf(this.publicKey);
    if (signed.keyId !== keyId)
      return fail(line, 'signature', `the manifest is signed with key ${signed.keyId}, not with the given public key (${keyId})`);
    if (!manifestSignatureVerifies(signed as ManifestLine, this.publicKey))
      return fail(line, 'signature', "the manifest's signature does not verify: the manifest was altered");
    const heads = this.heads;
    let headless: StreamState | undefined;
    let headlessStream = '';
    for (const [stream, state] of this.streams)
      if (!state.headed && (!headless || state.firstLine < headless.firstLine)) [headless, headlessStream] = [state, stream];
    const lines = heads?.digest.lines ?? 0;
    if (lines !== manifest.streams || (heads?.digest.digest() ?? new HeadsDigest().digest()) !== manifest.headsDigest) {
      if (heads?.headFailure) return heads.headFailure;
      if (headless) return { ...fail(line, 'removed', `the head line of ${headlessStream} is missing`), locate: { head: headlessStream } };
      return fail(heads?.firstLine ?? line, 'altered', `the ${lines} head lines are not the ${manifest.streams} the manifest signs`);
    }
    let failure = heads?.eventFailure;
    if (headless) failure = first(failure, fail(headless.firstLine, 'inserted', `${headlessStream} is not in the signed heads`));
    if (failure) return failure;
    if (manifest.count !== this.events)
      return fail(line, 'altered', `the export holds ${this.events} events; its manifest signs ${manifest.count}`);
    return undefined;
  }
}

/** What is wrong with the events of a stream given its signed head (undefined: its chain ends there). */
function headDisagreement(head: StreamHead, state: StreamState | undefined, line: number): Failure | undefined {
  const { stream } = head;
  if (!state)
    return { ...fail(line, 'removed', `every event of ${stream} (revisions 0 to ${head.revision}) is missing`), ...locateHead(head) };
  if (state.revision < head.revision)
    return {
      ...fail(
        state.lastLine + 1,
        'removed',
        `${stream} ends at revision ${state.revision} (line ${state.lastLine}); its signed head is revision ${head.revision}`,
      ),
      ...locateHead(head),
    };
  if (state.revision > head.revision)
    return {
      ...fail(state.lastLine, 'inserted', `${stream} goes on past its signed head, revision ${head.revision}`),
      locate: { stream, revision: head.revision + 1 },
    };
  if (state.link.hash !== head.hash)
    return fail(state.lastLine, 'altered', `revision ${state.revision} of ${stream} is not the signed head: its chain was rewritten`);
  if (String(state.position) !== head.position)
    return fail(
      state.lastLine,
      'altered',
      `revision ${state.revision} of ${stream} is at position ${state.position}, its signed head at ${head.position}`,
    );
  return undefined;
}

/** Where the removed head event of a stream belonged: known from its signed position, found by a second pass. */
function locateHead(head: { position?: unknown }): Pick<Failure, 'locate'> {
  return typeof head.position === 'string' && POSITION.test(head.position) ? { locate: { position: BigInt(head.position) } } : {};
}

/** Whether a full line's content hashes to its link's hash over the link's own `prev` (computed once). */
function selfConsistent(event: ParsedLine): boolean {
  const { content, link } = event;
  event.selfConsistent ??=
    !!content && recomputeHash(link.prev, event.stream, event.revision, content.type, content.data, content.metadata) === link.hash;
  return event.selfConsistent;
}

function fail(line: number, finding: Finding, detail: string): Failure {
  return { intact: false, line, finding, detail };
}
