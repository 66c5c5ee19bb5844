// Refreshes test/fixtures/github-rest/: GitHub's REST description for api.github.com, as the npm package
// @octokit/openapi publishes it (generated/api.github.com.json), gzipped, with its version and hash.
// The loopback fake GitHub checks every request against it. The package itself is not a dev dependency:
// it carries nine more descriptions (GHES, GHEC, dereferenced copies), 385 MB that every npm ci unpacked
// for the one file of 13 MB the tests read.
//   node scripts/update-github-rest-description.mjs [version]   (default: latest)
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const FILE = "generated/api.github.com.json";
const OUT = "test/fixtures/github-rest";
const wanted = process.argv[2] ?? "latest";

const scratch = mkdtempSync(join(tmpdir(), "shipgate-openapi-"));
try {
  const packed = JSON.parse(
    execFileSync("npm", ["pack", `@octokit/openapi@${wanted}`, "--json", "--pack-destination", scratch], {
      encoding: "utf8",
    }),
  )[0];
  execFileSync("tar", [
    "-xzf",
    join(scratch, packed.filename),
    "-C",
    scratch,
    `package/${FILE}`,
    "package/LICENSE",
  ]);
  const bytes = readFileSync(join(scratch, "package", FILE));
  JSON.parse(bytes.toString("utf8")); // refuse to store anything but JSON
  writeFileSync(join(OUT, "api.github.com.json.gz"), gzipSync(bytes, { level: 9 }));
  writeFileSync(join(OUT, "LICENSE"), readFileSync(join(scratch, "package", "LICENSE")));
  const source = {
    package: "@octokit/openapi",
    version: packed.version,
    file: FILE,
    integrity: packed.integrity,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    bytes: bytes.length,
  };
  writeFileSync(join(OUT, "source.json"), `${JSON.stringify(source, null, 2)}\n`);
  process.stdout.write(`${OUT}: ${source.package}@${source.version} ${FILE}, ${source.bytes} bytes\n`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
