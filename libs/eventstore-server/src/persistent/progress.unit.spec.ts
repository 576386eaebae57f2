import { Progress } from './progress';

describe('Progress (checkpoint frontier)', () => {
  it('moves only past messages that are finished, in source order', () => {
    const progress = new Progress();
    const a = progress.track(10);
    const b = progress.track(11);
    const c = progress.track(12);
    progress.finish(b);
    expect(progress.processed).toBeUndefined();
    progress.finish(a);
    expect(progress.processed).toBe(11);
    expect(progress.sinceCheckpoint).toBe(2);
    progress.finish(c);
    expect(progress.processed).toBe(12);
    expect(progress.sinceCheckpoint).toBe(3);
  });

  it('counts processed messages since the last checkpoint and ignores double finishes', () => {
    const progress = new Progress(4);
    const a = progress.track(5);
    progress.finish(a);
    progress.finish(a);
    expect(progress.sinceCheckpoint).toBe(1);
    progress.checkpointed();
    expect(progress.sinceCheckpoint).toBe(0);
    expect(progress.processed).toBe(5);
  });

  it('includes filtered-out reads once everything before them is done', () => {
    const progress = new Progress();
    const a = progress.track(3);
    progress.scannedTo(9);
    expect(progress.processed).toBeUndefined();
    progress.finish(a);
    expect(progress.processed).toBe(9);
    const b = progress.track(12);
    progress.scannedTo(20);
    expect(progress.processed).toBe(9);
    progress.finish(b);
    expect(progress.processed).toBe(20);
  });

  it('starts from a restored checkpoint', () => {
    expect(new Progress(41).processed).toBe(41);
  });
});
