import { inflateRawSync } from 'node:zlib';

/**
 * Reads one file out of a zip (jar) archive: central directory lookup, then
 * the local header, then stored/deflated data. Enough for a jar; avoids
 * depending on `unzip` or a JDK's `jar` tool being installed.
 */
export function extractZipEntry(zip: Buffer, entryName: string): Buffer {
  const END_OF_CENTRAL_DIR = 0x06054b50;
  const CENTRAL_DIR_ENTRY = 0x02014b50;
  const LOCAL_HEADER = 0x04034b50;
  const MAX_COMMENT = 0xffff;
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - MAX_COMMENT); i--) {
    if (zip.readUInt32LE(i) === END_OF_CENTRAL_DIR) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('not a zip archive: no end-of-central-directory record');
  const entries = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  for (let n = 0; n < entries; n++) {
    if (zip.readUInt32LE(offset) !== CENTRAL_DIR_ENTRY) throw new Error('corrupt zip central directory');
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localOffset = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (name === entryName) {
      if (zip.readUInt32LE(localOffset) !== LOCAL_HEADER) throw new Error('corrupt zip local header');
      const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
      const data = zip.subarray(dataStart, dataStart + compressedSize);
      if (method === 0) return Buffer.from(data);
      if (method === 8) return inflateRawSync(data);
      throw new Error(`unsupported zip compression method ${method} for ${entryName}`);
    }
    offset += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`${entryName} not found in archive`);
}
