import { RecentEvents, type FeedEntry } from './recent-events';

const entry = (position: number): FeedEntry => ({
  position: BigInt(position),
  type: 'T',
  partners: ['p'],
  frame: Buffer.from(`${position}`),
});
const positions = (entries: FeedEntry[] | undefined) => entries?.map((e) => Number(e.position));

describe('RecentEvents', () => {
  it('answers the events after a cursor, oldest first, up to the maximum', () => {
    const recent = new RecentEvents(10, -1n);
    for (const p of [0, 5, 9, 14]) recent.add(entry(p));
    expect(positions(recent.after(-1n, 10))).toEqual([0, 5, 9, 14]);
    expect(positions(recent.after(5n, 10))).toEqual([9, 14]);
    expect(positions(recent.after(6n, 1))).toEqual([9]);
    expect(positions(recent.after(14n, 10))).toEqual([]);
  });

  it('drops the oldest when full and refuses a cursor whose next event it no longer holds', () => {
    const recent = new RecentEvents(3, 100n);
    for (const p of [110, 120, 130, 140, 150]) recent.add(entry(p));
    expect(recent.floor).toBe(120n);
    expect(recent.size).toBe(3);
    expect(recent.after(110n, 10)).toBeUndefined();
    expect(positions(recent.after(120n, 10))).toEqual([130, 140, 150]);
    // Wrapped around the array: a cursor between held positions still finds the next one.
    expect(positions(recent.after(135n, 10))).toEqual([140, 150]);
  });

  it('ignores an event not newer than the newest held (a redelivery after resubscribing)', () => {
    const recent = new RecentEvents(3, -1n);
    recent.add(entry(1));
    recent.add(entry(2));
    recent.add(entry(2));
    recent.add(entry(1));
    expect(positions(recent.after(-1n, 10))).toEqual([1, 2]);
    expect(recent.latest).toBe(2n);
  });

  it('starts at its floor: a cursor at the floor has missed nothing, one below it has', () => {
    const recent = new RecentEvents(3, 50n);
    expect(recent.latest).toBe(50n);
    expect(positions(recent.after(50n, 10))).toEqual([]);
    expect(recent.after(49n, 10)).toBeUndefined();
  });
});
