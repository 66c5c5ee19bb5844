// A minimal, defensive zip reader for zipped evidence (inspect_ai's `.eval` logs): it lists the central
// directory and inflates only the members asked for, with node:zlib (no dependency). It refuses what an
// evidence file never needs and an attacker would use: encrypted members, names that are absolute or hold
// `..`, zip64, methods other than stored and deflate, and members whose declared or actual size exceeds
// the caller's limit (checked before inflating and enforced by zlib while inflating: a zip bomb stops at
// the limit, it is never expanded whole). Every refusal is a FormatError the caller names the file in.
import { inflateRawSync } from "node:zlib";
import { FormatError } from "../read.js";

export interface ZipMember {
  name: string;
  method: number;
  compressedSize: number;
  /** As the central directory declares it; checked against the bytes actually inflated. */
  size: number;
  crc32: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const STORED = 0;
const DEFLATE = 8;

/** Whether the bytes start like a zip archive (a local file header, or an empty archive's end record). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);
}

/** The archive's members, from its central directory. */
export function zipMembers(bytes: Uint8Array): ZipMember[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEnd(view);
  const count = view.getUint16(end + 10, true);
  const dirSize = view.getUint32(end + 12, true);
  const dirOffset = view.getUint32(end + 16, true);
  if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) {
    throw new FormatError("is a zip64 archive, which is not supported; write a smaller log");
  }
  if (dirOffset + dirSize > end) throw new FormatError("is a damaged zip: its directory lies past its end");
  const members: ZipMember[] = [];
  let at = dirOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL) {
      throw new FormatError(`is a damaged zip: directory entry ${i + 1} is not where the directory says`);
    }
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const crc32 = view.getUint32(at + 16, true);
    const compressedSize = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const localOffset = view.getUint32(at + 42, true);
    if (at + 46 + nameLength > end)
      throw new FormatError("is a damaged zip: a member name runs past the directory");
    const name = new TextDecoder("utf-8").decode(bytes.subarray(at + 46, at + 46 + nameLength));
    const shown = JSON.stringify(name.slice(0, 100));
    if ((flags & 0x1) !== 0)
      throw new FormatError(`holds an encrypted member ${shown}; encrypted evidence is refused`);
    if (unsafeName(name)) {
      throw new FormatError(
        `holds a member named ${shown} (absolute, or with ..); such an archive is refused`,
      );
    }
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) {
      throw new FormatError("is a zip64 archive, which is not supported; write a smaller log");
    }
    members.push({ name, method, compressedSize, size, crc32, localOffset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return members;
}

/**
 * The inflated bytes of one member. `limit` bounds the member's size: a member that declares more is
 * refused before inflating, one that inflates to more is stopped by zlib at the limit.
 */
export function inflateMember(bytes: Uint8Array, member: ZipMember, limit: number): Uint8Array {
  const shown = JSON.stringify(member.name);
  if (member.size > limit) {
    throw new FormatError(
      `has a member ${shown} that declares ${member.size} bytes, over the ${limit} bytes allowed`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = member.localOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL) {
    throw new FormatError(`is a damaged zip: member ${shown} is not where the directory says`);
  }
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (start + member.compressedSize > bytes.length) {
    throw new FormatError(`is a damaged zip: member ${shown} runs past the end of the file`);
  }
  const data = bytes.subarray(start, start + member.compressedSize);
  let out: Uint8Array;
  if (member.method === STORED) {
    out = data;
  } else if (member.method === DEFLATE) {
    try {
      // One byte over the declared size is enough to prove a lie; zlib stops there.
      out = inflateRawSync(data, { maxOutputLength: Math.max(1, Math.min(limit, member.size + 1)) });
    } catch (err) {
      const why = err instanceof RangeError ? "inflates to more than it declares" : "does not inflate";
      throw new FormatError(`has a member ${shown} that ${why}; the archive is damaged or hostile`);
    }
  } else {
    throw new FormatError(
      `has a member ${shown} compressed with method ${member.method}; only stored and deflate are read`,
    );
  }
  if (out.length !== member.size) {
    throw new FormatError(
      `has a member ${shown} of ${out.length} bytes where its directory declares ${member.size}`,
    );
  }
  if (crc32(out) !== member.crc32)
    throw new FormatError(`has a member ${shown} whose checksum does not match`);
  return out;
}

function findEnd(view: DataView): number {
  // The end record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  const last = view.byteLength - 22;
  for (let at = last; at >= 0 && at >= last - 0xffff; at--) {
    if (view.getUint32(at, true) === EOCD) return at;
  }
  throw new FormatError("is not a readable zip archive (no end of central directory record)");
}

function unsafeName(name: string): boolean {
  if (name.startsWith("/") || name.startsWith("\\") || /^[A-Za-z]:/.test(name) || name.includes("\0"))
    return true;
  return name.split(/[\\/]/).some((segment) => segment === "..");
}

let table: Uint32Array | undefined;

/** CRC-32 (IEEE), as zip records it; node:zlib has one only from Node 20.15. */
export function crc32(bytes: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of bytes) crc = table[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
