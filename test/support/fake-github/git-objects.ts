// Git object ids computed the way git computes them, so blob and tree SHAs served by the fake equal the
// ones in a real repository holding the same files.
import { createHash } from "node:crypto";

export interface TreeEntry {
  path: string;
  mode: "100644" | "040000";
  type: "blob" | "tree";
  sha: string;
  size?: number;
}

export function blobSha(text: string): string {
  const content = Buffer.from(text, "utf8");
  return createHash("sha1")
    .update(Buffer.concat([Buffer.from(`blob ${content.length}\0`), content]))
    .digest("hex");
}

/** The root tree id and every entry below it (directories included), in git's order. */
export function treeOf(files: ReadonlyMap<string, string>): { sha: string; entries: TreeEntry[] } {
  const entries: TreeEntry[] = [];
  const sha = hashDirectory(files, "", entries);
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { sha, entries };
}

function hashDirectory(files: ReadonlyMap<string, string>, prefix: string, out: TreeEntry[]): string {
  const blobs = new Map<string, string>();
  const dirs = new Set<string>();
  for (const [path, text] of files) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    const slash = rest.indexOf("/");
    if (slash < 0) blobs.set(rest, text);
    else dirs.add(rest.slice(0, slash));
  }
  const items: Array<{ name: string; sortKey: string; mode: string; sha: string }> = [];
  for (const [name, text] of blobs) {
    const sha = blobSha(text);
    out.push({ path: prefix + name, mode: "100644", type: "blob", sha, size: Buffer.byteLength(text) });
    items.push({ name, sortKey: name, mode: "100644", sha });
  }
  for (const name of dirs) {
    const sha = hashDirectory(files, `${prefix}${name}/`, out);
    out.push({ path: prefix + name, mode: "040000", type: "tree", sha });
    // git orders a directory as if its name ended with "/".
    items.push({ name, sortKey: `${name}/`, mode: "40000", sha });
  }
  items.sort((a, b) => Buffer.compare(Buffer.from(a.sortKey), Buffer.from(b.sortKey)));
  const body = Buffer.concat(
    items.map((item) =>
      Buffer.concat([Buffer.from(`${item.mode} ${item.name}\0`), Buffer.from(item.sha, "hex")]),
    ),
  );
  return createHash("sha1")
    .update(Buffer.concat([Buffer.from(`tree ${body.length}\0`), body]))
    .digest("hex");
}
