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
});
