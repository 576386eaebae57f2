import { LOCATED_FIELDS, locateVerifiedEventLine, verifiedEventLineAt, type ParsedLine } from './line-parser';

/** Per line of a piece: where it starts and ends (its line break excluded), then its `locateVerifiedEventLine` fields. */
export const LINE_FIELDS = 2 + LOCATED_FIELDS;

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * The lines of `piece` (whole lines: each ends with `\n`, but the last one of a file may not; a `\r` before it is
 * dropped), each with its fast read: `LINE_FIELDS` numbers per line, the first located field -1 where the full parse
 * must read the line. What a verifying thread computes: everything of a line but its place in the export.
 */
export function locateLines(piece: Buffer): Int32Array {
  let count = 0;
  for (let at = piece.indexOf(NEWLINE); at !== -1; at = piece.indexOf(NEWLINE, at + 1)) count++;
  if (piece.length > 0 && piece[piece.length - 1] !== NEWLINE) count++;
  const fields = new Int32Array(count * LINE_FIELDS);
  let start = 0;
  for (let i = 0; i < fields.length; i += LINE_FIELDS) {
    const next = piece.indexOf(NEWLINE, start);
    const after = next === -1 ? piece.length : next;
    const end = after > start && piece[after - 1] === CARRIAGE_RETURN ? after - 1 : after;
    fields[i] = start;
    fields[i + 1] = end;
    if (!locateVerifiedEventLine(piece.subarray(start, end), fields, i + 2)) fields[i + 2] = -1;
    start = after + 1;
  }
  return fields;
}

/** The lines `locateLines` found in `piece`: an event line it verified as read, any other as its bytes. */
export function linesOfPiece(piece: Buffer, fields: Int32Array): (Buffer | ParsedLine)[] {
  const lines: (Buffer | ParsedLine)[] = new Array(fields.length / LINE_FIELDS);
  for (let i = 0, n = 0; i < fields.length; i += LINE_FIELDS, n++) {
    const start = fields[i];
    lines[n] = fields[i + 2] < 0 ? piece.subarray(start, fields[i + 1]) : verifiedEventLineAt(piece, start, fields, i + 2);
  }
  return lines;
}
