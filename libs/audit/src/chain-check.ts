import { chainHashOfJson } from '@app/event-store/hash-chain';
import { linkOf, type Link } from './export-line';

/** The hash an event's link must carry, recomputed from what is stored (docs/ARCHITECTURE.md, "Event metadata"). */
export function recomputeHash(
  prev: string | null,
  stream: string,
  revision: number,
  type: string,
  data: unknown,
  metadata: object,
): string {
  const { chain: _chain, ...withoutChain } = metadata as { chain?: unknown };
  return chainHashOfJson(prev, stream, revision, type, JSON.stringify(data), JSON.stringify(withoutChain));
}

/** What is wrong with one event's link given the link before it; undefined when it verifies. */
export function linkProblem(
  previous: Link | undefined,
  event: { stream: string; revision: number; type: string; data: unknown; metadata: unknown },
): string | undefined {
  const link = linkOf(event.metadata);
  if (!link) return 'its metadata carries no chain link';
  const prev = previous?.hash ?? null;
  if (link.prev !== prev)
    return prev === null
      ? `its link names a previous hash (${link.prev}) where the stream has none before it`
      : `its link names ${link.prev ?? 'no'} previous hash where revision ${event.revision - 1} has ${prev}`;
  if (link.hash !== recomputeHash(prev, event.stream, event.revision, event.type, event.data, event.metadata as object))
    return 'its content does not match its hash';
  return undefined;
}

export interface ChainBreak {
  stream: string;
  revision: number;
  problem: string;
}

/**
 * The store-side check: fed every event of the log in order, it verifies each stream's chain from its first event
 * and reports every break. After a break the stream goes on from the event's own link, so one bad event is reported
 * once and the rest of its stream is still checked.
 */
export class StoreChainWalk {
  private readonly heads = new Map<string, { revision: number; link: Link | undefined }>();
  events = 0;

  get streams(): number {
    return this.heads.size;
  }

  check(event: { stream: string; revision: number; type: string; data: unknown; metadata: unknown }): ChainBreak | undefined {
    this.events++;
    const head = this.heads.get(event.stream);
    const expected = head ? head.revision + 1 : 0;
    this.heads.set(event.stream, { revision: event.revision, link: linkOf(event.metadata) });
    if (event.revision !== expected) {
      const problem = head
        ? `revision ${event.revision} follows revision ${head.revision}`
        : `the stream starts at revision ${event.revision}`;
      return { stream: event.stream, revision: event.revision, problem };
    }
    const problem = linkProblem(head?.link, event);
    return problem ? { stream: event.stream, revision: event.revision, problem } : undefined;
  }
}
