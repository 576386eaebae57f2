import { LineChunks } from './line-chunks';

describe('LineChunks', () => {
  it('sends every line once, in order, each with its newline, in chunks no larger than asked but for a longer line', () => {
    const lines = Array.from({ length: 500 }, (_, i) => (i % 7 === 0 ? 'Zürich – 東京 ✓ '.repeat(i % 13) : `line ${i}`));
    lines.splice(250, 0, 'x'.repeat(5000));
    const chunks = new LineChunks(1024);
    const sent: Buffer[] = [];
    for (const line of lines) sent.push(...chunks.add(line));
    sent.push(...chunks.end());
    expect(Buffer.concat(sent).toString('utf8')).toBe(`${lines.join('\n')}\n`);
    expect(sent.filter((chunk) => chunk.length > 1024).map((chunk) => chunk.length)).toEqual([5001]);
    expect(sent.every((chunk) => chunk.length > 0)).toBe(true);
  });
});
