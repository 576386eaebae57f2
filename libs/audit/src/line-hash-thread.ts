import { parentPort } from 'node:worker_threads';
import { locateLines } from './located-lines';

/**
 * A verifying thread (`verifyExportFile` with threads): given a piece of an export file of whole lines, it reads and
 * hashes each event line (`locateLines`) and sends the piece back with what it found.
 */
parentPort!.on('message', (bytes: Uint8Array) => {
  const fields = locateLines(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  parentPort!.postMessage({ bytes, fields }, [bytes.buffer as ArrayBuffer, fields.buffer as ArrayBuffer]);
});
