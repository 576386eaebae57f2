import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chainLink } from '@app/event-store/hash-chain';
import { eventLine, redactedLine, type ExportedEvent } from './export-line';
import { ExportEnd, manifestOf, signedManifestLine } from './manifest';
import { auditKeyFromPem, type AuditSigningKey } from './signing-key';
import { verifyExport, verifyExportFile } from './verify-export-file';
import type { Finding, Verdict } from './export-verifier';
import { parseVerifiedEventLine } from './line-parser';

const newKey = (): AuditSigningKey =>
  auditKeyFromPem(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
const key = newKey();

// Three streams interleaved in log order; for customer-a: first event at line 1, middle at line 3, last at line 6.
const ORDER = [
  'customer-a',
  'invitation-b',
  'customer-a',
  'partnership-p_r',
  'invitation-b',
  'customer-a',
  'partnership-p_r',
  'invitation-b',
  'partnership-p_r',
];
const CLASSES = [
  ['first', 1],
  ['middle', 3],
  ['last', 6],
] as const;
/** After the events, one head line per stream (sorted: customer-a, invitation-b, partnership-p_r), then the manifest. */
const HEAD_LINES = [ORDER.length + 1, ORDER.length + 2, ORDER.length + 3];
const MANIFEST_LINE = ORDER.length + HEAD_LINES.length + 1;

function history(order: readonly string[] = ORDER, padding = ''): ExportedEvent[] {
  const heads = new Map<string, { revision: number; hash: string | null }>();
  return order.map((stream, index) => {
    const head = heads.get(stream) ?? { revision: -1, hash: null };
    const revision = head.revision + 1;
    const type = revision === 0 ? 'Started' : 'Changed';
    const data = { note: `note ${index}`, count: index, ...(padding ? { padding } : {}) };
    const base = {
      schemaVersion: 1,
      actor: { kind: 'system', process: 'spec' },
      correlationId: `c${index}`,
      causationId: `k${index}`,
      command: 'Cmd',
    };
    const chain = chainLink({ prev: head.hash, streamName: stream, revision, type, data, metadata: base as never });
    heads.set(stream, { revision, hash: chain.hash });
    return {
      stream,
      revision,
      position: BigInt((index + 1) * 100),
      id: `id-${index}`,
      type,
      created: new Date(1_700_000_000_000 + index),
      data,
      metadata: { ...base, chain },
    };
  });
}

/** The export's lines: every event (redacted where `redact` says), then the head lines and the signed manifest. */
function exportLines(
  events: ExportedEvent[],
  options: { redact?: (e: ExportedEvent) => boolean; signer?: AuditSigningKey } = {},
): string[] {
  const end = new ExportEnd();
  try {
    const lines = events.map((event) => {
      end.add(event.stream, event.revision, event.position, (event.metadata as { chain: { prev: string | null; hash: string } }).chain);
      return options.redact?.(event) ? redactedLine(event) : eventLine(event);
    });
    const last = events.at(-1)?.position ?? 0n;
    const heads = end.headLines();
    let head = heads.next();
    for (; !head.done; head = heads.next()) lines.push(head.value);
    const signer = options.signer ?? key;
    const manifest = manifestOf({ kind: 'all', visibleTo: 'platform' }, head.value, last, new Date('2026-03-01T00:00:00Z'));
    return [...lines, signedManifestLine(manifest, signer.privateKey, signer.publicKey)];
  } finally {
    end.close();
  }
}

const verify = (lines: string[], publicKey = key.publicKey) => verifyExport(() => [lines.map((line) => Buffer.from(line))], publicKey);

async function expectFailure(lines: string[], line: number, finding: Finding): Promise<Verdict> {
  const verdict = await verify(lines);
  expect(verdict).toMatchObject({ intact: false, line, finding });
  return verdict;
}

/** Replaces the first occurrence of `from` in line `n` (1-based): a change of one byte when both are one character apart. */
function edit(lines: string[], n: number, from: string, to: string): string[] {
  expect(lines[n - 1]).toContain(from);
  const copy = [...lines];
  copy[n - 1] = copy[n - 1].replace(from, to);
  return copy;
}

describe('verifying an export', () => {
  const lines = exportLines(history());

  it('finds an untouched export intact, with its count of events and streams', async () => {
    expect(await verify(lines)).toEqual({ intact: true, events: 9, streams: 3 });
  });

  describe.each(CLASSES)('at the %s event of a stream (line %i)', (_position, n) => {
    it('names a changed byte of data as altered', async () => {
      await expectFailure(edit(lines, n, `"note":"note `, `"note":"nose `), n, 'altered');
    });

    it('names a changed byte of metadata as altered', async () => {
      await expectFailure(edit(lines, n, '"command":"Cmd"', '"command":"Cmc"'), n, 'altered');
    });

    it('names a changed byte of the chain link as altered', async () => {
      const link = JSON.parse(lines[n - 1]).metadata.chain.hash as string;
      await expectFailure(edit(lines, n, link, `${link.slice(0, -1)}${link.endsWith('0') ? '1' : '0'}`), n, 'altered');
    });

    it('names a deleted line as removed, at the next line of its stream', async () => {
      const deleted = [...lines.slice(0, n - 1), ...lines.slice(n)];
      // A removed event whose stream goes on shows at the stream's next line; a removed head, where it belonged
      // (its position is signed in the manifest).
      const next = deleted.findIndex((line, index) => index >= n - 1 && JSON.parse(line).stream === 'customer-a');
      const verdict = await expectFailure(deleted, next === -1 ? n : next + 1, 'removed');
      expect(verdict).toMatchObject({ detail: expect.stringContaining('customer-a') });
    });

    it('names a duplicated line as inserted, at the copy', async () => {
      await expectFailure([...lines.slice(0, n), lines[n - 1], ...lines.slice(n)], n + 1, 'inserted');
    });

    it('names two swapped lines as reordered, at the first of them', async () => {
      const swapped = [...lines];
      [swapped[n - 1], swapped[n]] = [swapped[n], swapped[n - 1]];
      await expectFailure(swapped, n, 'reordered');
    });

    it('names an export whose tail was cut off at a line boundary', async () => {
      await expectFailure(lines.slice(0, n - 1), n, 'cut off');
    });

    it('names an export cut off in the middle of a line', async () => {
      await expectFailure([...lines.slice(0, n - 1), lines[n - 1].slice(0, 40)], n, 'cut off');
    });
  });

  it('names two swapped events of one stream as reordered, at the first of them', async () => {
    const swapped = [...lines];
    [swapped[0], swapped[2]] = [swapped[2], swapped[0]];
    await expectFailure(swapped, 1, 'reordered');
  });

  it('names a stream whose last event was removed at the place of that event', async () => {
    // partnership-p_r's last event is the last event line: it belonged just before the head lines.
    await expectFailure([...lines.slice(0, 8), ...lines.slice(9)], 9, 'removed');
  });

  it('names a well-chained forged event appended to a stream as inserted', async () => {
    // Its link is right, so only the signed head tells that the stream went on past what was exported.
    const head = history()[5];
    const { chain: headLink, ...base } = head.metadata as { chain: { hash: string } };
    const chain = chainLink({
      prev: headLink.hash,
      streamName: 'customer-a',
      revision: 3,
      type: 'Changed',
      data: head.data,
      metadata: base as never,
    });
    const forged = eventLine({ ...head, revision: 3, position: 650n, id: 'forged', metadata: { ...base, chain } });
    await expectFailure([...lines.slice(0, 6), forged, ...lines.slice(6)], 7, 'inserted');
  });

  it('names a stream rewritten from an altered event on, with its chain recomputed, at its last line', async () => {
    const rewritten = history();
    (rewritten[2].data as { note: string }).note = 'rewritten';
    let prev: string | null = (rewritten[0].metadata as { chain: { hash: string } }).chain.hash;
    for (const index of [2, 5]) {
      const { chain: _chain, ...base } = rewritten[index].metadata as { chain: unknown };
      const chain = chainLink({
        prev,
        streamName: 'customer-a',
        revision: rewritten[index].revision,
        type: rewritten[index].type,
        data: rewritten[index].data,
        metadata: base as never,
      });
      rewritten[index].metadata = { ...base, chain };
      prev = chain.hash;
    }
    const tampered = [...lines];
    tampered[2] = eventLine(rewritten[2]);
    tampered[5] = eventLine(rewritten[5]);
    await expectFailure(tampered, 6, 'altered');
  });

  it('refuses a manifest signed with another key', async () => {
    await expectFailure(exportLines(history(), { signer: newKey() }), MANIFEST_LINE, 'signature');
  });

  it('refuses a manifest whose signed content was changed', async () => {
    await expectFailure(edit(lines, MANIFEST_LINE, '"count":9', '"count":8'), MANIFEST_LINE, 'signature');
  });

  it('names a line added after the manifest as inserted', async () => {
    await expectFailure([...lines, lines[0]], MANIFEST_LINE + 1, 'inserted');
  });

  describe('its head lines', () => {
    const [headA, headB, headP] = HEAD_LINES;
    const headOf = (n: number) => JSON.parse(lines[n - 1]) as { head: string; revision: number; position: string; hash: string };

    it('are one per stream, sorted by stream, each where its chain ends', () => {
      expect(HEAD_LINES.map(headOf)).toEqual([
        { head: 'customer-a', revision: 2, position: '600', hash: JSON.parse(lines[5]).metadata.chain.hash },
        { head: 'invitation-b', revision: 2, position: '800', hash: JSON.parse(lines[7]).metadata.chain.hash },
        { head: 'partnership-p_r', revision: 2, position: '900', hash: JSON.parse(lines[8]).metadata.chain.hash },
      ]);
      expect(JSON.parse(lines[MANIFEST_LINE - 1]).manifest).toMatchObject({
        count: 9,
        streams: 3,
        headsDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
    });

    it('name a head line whose hash, revision or position was changed as altered, at that line', async () => {
      const { hash } = headOf(headB);
      await expectFailure(edit(lines, headB, hash, `${hash.slice(0, -1)}${hash.endsWith('0') ? '1' : '0'}`), headB, 'altered');
      await expectFailure(edit(lines, headP, '"revision":2', '"revision":1'), headP, 'altered');
      await expectFailure(edit(lines, headA, '"position":"600"', '"position":"500"'), headA, 'altered');
    });

    it('name a deleted head line as removed, where it belonged', async () => {
      await expectFailure([...lines.slice(0, headB - 1), ...lines.slice(headB)], headB, 'removed');
      await expectFailure([...lines.slice(0, headP - 1), ...lines.slice(headP)], headP, 'removed');
    });

    it('name a duplicated head line as inserted and two swapped ones as reordered', async () => {
      await expectFailure([...lines.slice(0, headB), lines[headB - 1], ...lines.slice(headB)], headB + 1, 'inserted');
      const swapped = [...lines];
      [swapped[headA - 1], swapped[headB - 1]] = [swapped[headB - 1], swapped[headA - 1]];
      await expectFailure(swapped, headB, 'reordered');
    });

    it('name a head line of a stream with no events, not signed, as altered', async () => {
      const extra = JSON.stringify({ ...headOf(headB), head: 'invitation-c' });
      await expectFailure([...lines.slice(0, headB), extra, ...lines.slice(headB)], headB + 1, 'altered');
    });

    it('tell a cut-off tail rewritten to match from the signed heads: the head lines are not the signed ones', async () => {
      // partnership-p_r's last event removed and its head line rewritten to the event before: every line agrees with
      // the events, only the signed digest tells.
      const events = history();
      const rewritten = JSON.stringify({
        ...headOf(headP),
        revision: 1,
        position: '700',
        hash: (events[6].metadata as { chain: { hash: string } }).chain.hash,
      });
      const tampered = [...lines.slice(0, 8), lines[headA - 1], lines[headB - 1], rewritten, lines[MANIFEST_LINE - 1]];
      // The head lines now start a line earlier; which of them changed is not known, so the first is named.
      await expectFailure(tampered, headA - 1, 'altered');
    });

    it('refuse a manifest whose signed digest of the head lines was changed', async () => {
      const { headsDigest } = JSON.parse(lines[MANIFEST_LINE - 1]).manifest as { headsDigest: string };
      const changed = `${headsDigest.slice(0, -1)}${headsDigest.endsWith('0') ? '1' : '0'}`;
      await expectFailure(edit(lines, MANIFEST_LINE, headsDigest, changed), MANIFEST_LINE, 'signature');
    });

    it('name an event line after the head lines as inserted, and an export cut off among them', async () => {
      await expectFailure([...lines.slice(0, headB), lines[0], ...lines.slice(headB)], headB + 1, 'inserted');
      await expectFailure(lines.slice(0, headB), headB + 1, 'cut off');
      await expectFailure([...lines.slice(0, headB - 1), lines[headB - 1].slice(0, 20)], headB, 'cut off');
    });
  });

  describe('with redacted lines', () => {
    const redactB = (event: ExportedEvent) => event.stream === 'invitation-b';
    const redacted = exportLines(history(), { redact: redactB });

    it('verifies link to link across them', async () => {
      expect(redacted[1]).toBe(
        JSON.stringify({
          stream: 'invitation-b',
          revision: 0,
          position: '200',
          redacted: true,
          chain: JSON.parse(lines[1]).metadata.chain,
        }),
      );
      expect(await verify(redacted)).toEqual({ intact: true, events: 9, streams: 3 });
    });

    it('names a redacted line whose hash was changed, when the next line of its stream is redacted too', async () => {
      const hash = JSON.parse(redacted[1]).chain.hash as string;
      await expectFailure(edit(redacted, 2, hash, `${hash.slice(0, -1)}${hash.endsWith('0') ? '1' : '0'}`), 2, 'altered');
    });

    it('names the redacted head of a stream whose hash was changed', async () => {
      const hash = JSON.parse(redacted[7]).chain.hash as string;
      await expectFailure(edit(redacted, 8, hash, `${hash.slice(0, -1)}${hash.endsWith('0') ? '1' : '0'}`), 8, 'altered');
    });

    it('names a deleted redacted line as removed', async () => {
      await expectFailure([...redacted.slice(0, 4), ...redacted.slice(5)], 7, 'removed');
    });

    it('names a redacted line whose hash was changed before a full line that links to it', async () => {
      const mixed = exportLines(history(), { redact: (event) => event.stream === 'customer-a' && event.revision === 1 });
      const hash = JSON.parse(mixed[2]).chain.hash as string;
      await expectFailure(edit(mixed, 3, hash, `${hash.slice(0, -1)}${hash.endsWith('0') ? '1' : '0'}`), 3, 'altered');
    });
  });

  describe('from a file of several read chunks', () => {
    // 3,000 events of about 1 KiB over 30 streams: the file is read in several 1 MiB chunks, lines cut across them.
    const big = exportLines(
      history(
        Array.from({ length: 3000 }, (_, i) => `customer-s${i % 30}`),
        'x'.repeat(1000),
      ),
    );
    let dir: string;
    beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'audit-verify-'))));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const verifyFile = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return verifyExportFile(join(dir, name), key.publicKey);
    };

    it('finds it intact, with Unix or Windows line breaks', async () => {
      expect(await verifyFile('intact.ndjson', `${big.join('\n')}\n`)).toEqual({ intact: true, events: 3000, streams: 30 });
      expect(await verifyFile('crlf.ndjson', `${big.join('\r\n')}\r\n`)).toEqual({ intact: true, events: 3000, streams: 30 });
    });

    it.each([1, 1024, 2048, 2999])('names an altered byte at line %i', async (n) => {
      const text = `${edit(big, n, `"note":"note `, `"note":"nose `).join('\n')}\n`;
      expect(await verifyFile(`altered-${n}.ndjson`, text)).toMatchObject({ intact: false, line: n, finding: 'altered' });
    });

    it('names a head event removed from the middle of the file where it belonged (a second read of the file)', async () => {
      // customer-s9's last event is line 2980: the line after it moved up into its place.
      const text = `${[...big.slice(0, 2979), ...big.slice(2980)].join('\n')}\n`;
      expect(await verifyFile('removed.ndjson', text)).toMatchObject({ intact: false, line: 2980, finding: 'removed' });
    });
  });
});

describe('the fast read of an event line', () => {
  it('hashes the data as the bytes in the line, the same as the chain hash of the parsed data, non-ASCII text included', () => {
    const [event] = history();
    event.data = { note: 'Zürich – 東京 ✓', count: 1 };
    const { chain: _chain, ...base } = event.metadata as { chain: unknown };
    event.metadata = {
      ...base,
      chain: chainLink({ prev: null, streamName: event.stream, revision: 0, type: event.type, data: event.data, metadata: base as never }),
    };
    expect(parseVerifiedEventLine(Buffer.from(eventLine(event)))).toMatchObject({
      stream: event.stream,
      revision: 0,
      selfConsistent: true,
    });
  });

  it('leaves a line it cannot vouch for to the full parse', () => {
    const line = eventLine(history()[0]);
    expect(parseVerifiedEventLine(Buffer.from(line.replace('"note":"note ', '"note":"nose ')))).toBeUndefined();
    expect(parseVerifiedEventLine(Buffer.from(line.replace('{"stream":', '{ "stream":')))).toBeUndefined();
  });
});
