import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { RecentEvents } from './recent-events';
import type { StoredEvent } from './records';

const at = (position: number, bytes = 10): StoredEvent => ({
  position,
  stream: 's',
  revision: position,
  id: `id-${position}`,
  type: 't',
  isJson: true,
  data: Buffer.alloc(bytes),
  metadata: Buffer.alloc(0),
  created: 0,
});
const positions = (events: StoredEvent[] | undefined) => events?.map((e) => e.position);

describe('RecentEvents', () => {
  it('answers reads from the oldest kept position through the head, in order and bounded by the limit', () => {
    const recent = new RecentEvents();
    recent.add([at(5), at(6)]);
    recent.add([at(7)]);
    expect(positions(recent.read(5, 7, 100))).toEqual([5, 6, 7]);
    expect(positions(recent.read(6, 7, 1))).toEqual([6]);
    expect(positions(recent.read(8, 7, 100))).toEqual([]);
  });

  it('leaves to the database what it does not hold: older positions, or a head it has not been given yet', () => {
    const recent = new RecentEvents();
    expect(recent.read(1, 0, 10)).toBeUndefined();
    recent.add([at(5)]);
    expect(recent.read(4, 5, 10)).toBeUndefined();
    expect(recent.read(5, 6, 10)).toBeUndefined();
  });

  it('starts again after a gap, so it never answers across events it did not see', () => {
    const recent = new RecentEvents();
    recent.add([at(1), at(2)]);
    recent.add([at(4)]);
    expect(recent.read(1, 4, 10)).toBeUndefined();
    expect(positions(recent.read(4, 4, 10))).toEqual([4]);
  });

  it('evicts the oldest events past its count or byte limit', () => {
    const byCount = new RecentEvents({ maxEvents: 3, maxBytes: 1e9 });
    for (let p = 1; p <= 5000; p++) byCount.add([at(p)]);
    expect(byCount.read(4997, 5000, 10)).toBeUndefined();
    expect(positions(byCount.read(4998, 5000, 10))).toEqual([4998, 4999, 5000]);

    const byBytes = new RecentEvents({ maxEvents: 1e9, maxBytes: 2_100 });
    byBytes.add([at(1, 900), at(2, 900), at(3, 900)]);
    expect(byBytes.read(1, 3, 10)).toBeUndefined();
    expect(positions(byBytes.read(2, 3, 10))).toEqual([2, 3]);
  });

  it("keeps the events' bytes in memory of their own, so what it holds is what its byte limit counts", () => {
    const recent = new RecentEvents();
    // What the store hands it: small copies are slices of Node's shared pool slab, request bytes views of a frame.
    const pooled = { ...at(1), data: Buffer.from('{"licenseCount":12}'), metadata: Buffer.from('{"causationId":"c-1"}') };
    const frame = Buffer.from('....{"seats":3}....{"by":"p-1"}');
    const framed = { ...at(2), data: frame.subarray(4, 15), metadata: frame.subarray(19) };
    expect(pooled.data.buffer.byteLength).toBeGreaterThan(1024);
    recent.add([pooled, framed]);
    const bytes = [pooled, framed].reduce((sum, e) => sum + e.data.length + e.metadata.length, 0);
    frame.fill(0);

    const [first, second] = recent.read(1, 2, 10)!;
    expect(first.data.toString()).toBe('{"licenseCount":12}');
    expect(first.metadata.toString()).toBe('{"causationId":"c-1"}');
    expect(second.data.toString()).toBe('{"seats":3}');
    expect(second.metadata.toString()).toBe('{"by":"p-1"}');
    // One group's events share one allocation of exactly their bytes.
    expect(second.data.buffer).toBe(first.data.buffer);
    expect(first.data.buffer.byteLength).toBe(bytes);
  });

  it('shares an allocation among at most 64 KiB of consecutive events, so an evicted event frees memory soon', () => {
    const recent = new RecentEvents();
    recent.add([at(1, 30_000), at(2, 30_000), at(3, 30_000), at(4, 100_000), at(5, 10)]);
    const events = recent.read(1, 5, 10)!;
    expect(events.map((e) => e.data.buffer.byteLength)).toEqual([60_000, 60_000, 30_000, 100_000, 10]);
    expect(events[2].data.buffer).not.toBe(events[1].data.buffer);
  });

  it('lets go of an evicted event at once, not when its slot is compacted away', async () => {
    const collectGarbage = gcFunction();
    const recent = new RecentEvents({ maxEvents: 2000, maxBytes: 1e9 });
    for (let p = 1; p <= 2000; p++) recent.add([at(p)]);
    const first = new WeakRef(recent.read(1, 2000, 1)![0]);
    const last = new WeakRef(recent.read(2000, 2000, 1)![0]);
    // Evicts 1…1500: more than a thousand slots, but not yet half the array, so nothing is compacted.
    for (let p = 2001; p <= 3500; p++) recent.add([at(p)]);
    // A WeakRef holds its target until the current job ends.
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    expect(first.deref()).toBeUndefined();
    expect(last.deref()?.position).toBe(2000);
  });
});

/** V8's collector, which `--expose-gc` would give as `gc`, turned on from inside the process. */
function gcFunction(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
