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

  it('writes a line given in parts of text and bytes as their concatenation, a long one as a chunk of its own', () => {
    const chunks = new LineChunks(64);
    const sent = [
      ...chunks.add(['{"a":', Buffer.from('"Zürich"'), '}']),
      ...chunks.add(['x'.repeat(40), Buffer.from('y'.repeat(40))]),
      ...chunks.add('end'),
      ...chunks.end(),
    ];
    expect(Buffer.concat(sent).toString('utf8')).toBe(`{"a":"Zürich"}\n${'x'.repeat(40)}${'y'.repeat(40)}\nend\n`);
    expect(sent.map((chunk) => chunk.length)).toEqual([16, 81, 4]);
  });
});
