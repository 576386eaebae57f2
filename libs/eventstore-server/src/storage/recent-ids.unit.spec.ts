import { RecentIds, type IdAtRevision } from './recent-ids';

/** A stream store the loader reads from, counting the loads. */
const storage = (streams: Record<string, string[]>) => {
  const loads: Array<[string, number, number]> = [];
  const load = (stream: string, from: number, to: number): IdAtRevision[] => {
    loads.push([stream, from, to]);
    const ids = streams[stream] ?? [];
    const rows: IdAtRevision[] = [];
    for (let revision = from; revision <= to && revision < ids.length; revision++) rows.push({ id: ids[revision], revision });
    return rows;
  };
  return { load, loads };
};

describe('RecentIds', () => {
  it('loads a stream tail of at most the window once, then finds ids in it without loading again', () => {
    const { load, loads } = storage({ s: ['a', 'b', 'c', 'd', 'e'] });
    const ids = new RecentIds(load, 3);
    expect(ids.find('s', 4, 'e')).toBe(4);
    expect(ids.find('s', 4, 'c')).toBe(2);
    expect(ids.find('s', 4, 'b')).toBeUndefined();
    expect(loads).toEqual([['s', 2, 4]]);
  });

  it('keeps a loaded stream up to date with inserts and forgets what falls out of the window', () => {
    const { load } = storage({ s: ['a', 'b'] });
    const ids = new RecentIds(load, 3);
    expect(ids.find('s', 1, 'a')).toBe(0);
    ids.added('s', 2, 'c');
    ids.added('s', 3, 'd');
    expect(ids.find('s', 3, 'd')).toBe(3);
    expect(ids.find('s', 3, 'b')).toBe(1);
    expect(ids.find('s', 3, 'a')).toBeUndefined();
  });

  it('ignores inserts into streams it has not loaded: the load reads them from storage later', () => {
    const { load, loads } = storage({ s: ['a'] });
    const ids = new RecentIds(load, 3);
    ids.added('s', 0, 'a');
    expect(loads).toEqual([]);
    expect(ids.find('s', 0, 'a')).toBe(0);
    expect(loads).toEqual([['s', 0, 0]]);
  });

  it('answers a repeated id with its newer revision, and still knows it when the older one leaves', () => {
    const { load } = storage({ s: ['a', 'b', 'a'] });
    const ids = new RecentIds(load, 3);
    expect(ids.find('s', 2, 'a')).toBe(2);
    ids.added('s', 3, 'x');
    expect(ids.find('s', 3, 'a')).toBe(2);
  });

  it('holds at most the budget across streams, forgetting the least recently used stream first', () => {
    const { load, loads } = storage({ s: ['a', 'b'], t: ['c', 'd'], u: ['e', 'f'] });
    const ids = new RecentIds(load, 10, 4);
    ids.find('s', 1, 'a');
    ids.find('t', 1, 'c');
    ids.find('s', 1, 'a');
    ids.find('u', 1, 'e');
    expect(ids.find('s', 1, 'b')).toBe(1);
    expect(ids.find('t', 1, 'd')).toBe(1);
    expect(loads.map(([stream]) => stream)).toEqual(['s', 't', 'u', 't']);
  });

  it('loads nothing for a stream without events, and forgets everything on clear', () => {
    const { load, loads } = storage({ s: ['a'] });
    const ids = new RecentIds(load, 3);
    expect(ids.find('s', -1, 'a')).toBeUndefined();
    expect(loads).toEqual([]);
    ids.find('s', 0, 'a');
    ids.clear();
    ids.find('s', 0, 'a');
    expect(loads).toHaveLength(2);
  });
});
