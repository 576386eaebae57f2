import { EventLineCount } from './export-command';

describe('EventLineCount', () => {
  it('counts lines and event lines alone, however the bytes are cut into chunks', () => {
    const text = [
      '{"stream":"customer-a","revision":0}',
      '{"stream":"customer-a","revision":1}',
      '{"stream":"invitation-b","revision":0,"redacted":true}',
      '{"head":"customer-a","revision":1}',
      '{"head":"invitation-b","revision":0}',
      '{"manifest":{"count":3}}',
    ]
      .map((line) => `${line}\n`)
      .join('');
    for (const size of [1, 2, 3, 7, 40, text.length]) {
      const count = new EventLineCount();
      let found = 0;
      for (let at = 0; at < text.length; at += size) found += count.add(Buffer.from(text.slice(at, at + size)));
      expect({ size, found, events: count.events, lines: count.lines }).toEqual({ size, found: 3, events: 3, lines: 6 });
    }
  });
});
