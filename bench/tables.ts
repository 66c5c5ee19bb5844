// The benchmark's result as Markdown tables, with each target from issue 5 and where it lands.
import type { BenchResult, Ratio, ShipgateRow } from "./main.js";
import { formatMs, type Measurement, type Spread } from "./measure.js";

const MIB = 1024 * 1024;

export function renderMarkdown(r: BenchResult): string {
  const out: string[] = [];
  out.push(`## Shipgate benchmark, ${r.startedAt.slice(0, 10)}\n`);
  out.push(
    `Machine: ${r.machine.cpus} CPUs (${r.machine.cpuModel}), ${r.machine.memory}, Node ${r.machine.node}, ${r.machine.platform}. ` +
      `Build measured: dist/ of ${r.dist.builtAt} (${r.dist.files} files, sha256 ${r.dist.sha256.slice(0, 12)}), copied to bench-out/snapshot/ at the start` +
      `${r.dist.changedDuringRun ? " (dist/ was rebuilt while the benchmark ran; the copy was measured)" : ""}. ` +
      `CLI: \`${r.cli.path}\` (${(r.cli.bytes / 1024).toFixed(0)} KiB). Wall time is spawn to exit of \`node ${r.cli.path} check --local --format json\`; ` +
      `median (min–max) of the runs after one warm-up; peak RSS is the child's own \`maxRSS\`.\n`,
  );

  out.push(
    `Load average (1, 5, 15 min) at start ${r.loadAverage.start.map((n) => n.toFixed(2)).join(", ")}, at end ${r.loadAverage.end.map((n) => n.toFixed(2)).join(", ")}. ` +
      `Whole benchmark: ${r.totalSeconds.toFixed(0)} s.\n`,
  );
  if (r.ratios.length) {
    out.push("### Issue-15 targets: ratios measured alternately in this run\n");
    out.push(row(["ratio", "median (min–max of the per-round ratios)", "target", "met", "the two sides"]));
    out.push(row(Array(5).fill("---")));
    for (const q of r.ratios) {
      out.push(row([q.name, formatRatio(q), q.target, q.met ? "yes" : "**no**", q.sides]));
    }
    out.push("");
  }
  if (r.floors.length) {
    out.push(`Startup floors: ${r.floors.map((f) => `${f.label} ${wall(f)}, ${rss(f)}`).join("; ")}.\n`);
  }

  if (r.monorepos.length) {
    out.push("### `shipgate check` on synthetic monorepos\n");
    out.push(
      row([
        "repository",
        "systems",
        "files",
        "node_modules",
        "evidence",
        "wall",
        "peak RSS",
        "CPU",
        "runs",
        "discovery walk (in process)",
      ]),
    );
    out.push(row(Array(10).fill("---")));
    for (const m of r.monorepos) {
      out.push(
        row([
          m.repo,
          String(m.systems),
          m.files.toLocaleString("en-US"),
          m.nodeModulesFiles ? m.nodeModulesFiles.toLocaleString("en-US") : "–",
          `${m.evidenceMiB.toFixed(1)} MiB`,
          wall(m.full),
          rss(m.full),
          m.full.cpuMs ? formatMs(m.full.cpuMs.median) : "n/a",
          String(m.full.runs),
          spreadMs(m.discoveryMs),
        ]),
      );
    }
    out.push("");
  }

  const compared = r.monorepos.filter((m) => m.repolinter && m.equivalent);
  if (compared.length) {
    out.push("### Shipgate and repolinter on equivalent checks\n");
    out.push(
      "Equivalent checks: for every system, each of its 11 evidence paths exists and each of the 10 required sections " +
        "of its 3 documents is a heading. repolinter: one `file-existence` rule per path and one `file-contents` rule " +
        "(multiline regex) per section. Shipgate: `--files '**/equivalent.readiness.yml'`, a readiness file per system " +
        "with one `file` check per path and one `doc` check per document (which also checks each section has real content). " +
        "`shipgate (full)` is the normal run over the 12 checks, parsing every report.\n",
    );
    out.push(
      row([
        "repository",
        "rules",
        "repolinter",
        "repolinter RSS",
        "shipgate (equivalent)",
        "RSS",
        "repolinter ÷ shipgate (equivalent)",
        "shipgate (full)",
        "repolinter ÷ shipgate (full)",
      ]),
    );
    out.push(row(Array(9).fill("---")));
    for (const m of compared) {
      const rl = m.repolinter!;
      const eq = m.equivalent!;
      const rlWall = rl.timedOut ? `> ${formatMs(rl.wallMs.median)} (timed out)` : wall(rl);
      out.push(
        row([
          m.repo,
          rl.rules.toLocaleString("en-US"),
          `${rlWall}, ${rl.runs} run${rl.runs === 1 ? "" : "s"}`,
          rss(rl),
          wall(eq),
          rss(eq),
          `${ratio(rl, eq)}×`,
          wall(m.full),
          `${ratio(rl, m.full)}×`,
        ]),
      );
    }
    out.push("");
  }

  if (r.largeFiles.length) {
    out.push("### One large evidence file\n");
    out.push(row(["evidence", "size", "wall", "peak RSS", "finding"]));
    out.push(row(Array(5).fill("---")));
    for (const l of r.largeFiles) {
      out.push(
        row([l.repo, `${l.evidenceMiB.toFixed(1)} MiB`, wall(l.run), rss(l.run), l.finding.slice(0, 140)]),
      );
    }
    out.push("");
  }

  if (r.lcovScanner) {
    const c = r.lcovScanner;
    out.push(
      `In process, same text, alternating: \`parseCoverage\` ${spreadMs(c.currentMs)} against a one-pass scanner ` +
        `(bench/in-process.ts, a proposal) ${spreadMs(c.scannerMs)}; ${c.sameFigures ? "same figures" : "**figures differ**"} (${c.figures}).\n`,
    );
  }

  if (r.action) {
    const a = r.action;
    out.push("### The action against the loopback fake GitHub\n");
    out.push(
      `dist/: ${a.distFiles} files, ${a.distBytes.toLocaleString("en-US")} bytes (${(a.distBytes / MIB).toFixed(2)} MiB). ` +
        `Typical pull-request run (${a.typical.systems} system, ${a.typical.comments} existing comments): ` +
        `${a.typical.totalCalls} REST calls; cold start to first API call ${spreadMs(a.coldStartMs)}; total ${spreadMs(a.totalMs)}.\n`,
    );
    out.push(row(["route", "calls"]));
    out.push(row(["---", "---"]));
    for (const [route, n] of Object.entries(a.typical.calls)) out.push(row([`\`${route}\``, String(n)]));
    out.push("");
    out.push(
      `Timeline of the last typical run (ms after spawn): ${a.typical.timeline.map((t) => `${t.atMs} ${t.request.replace(/^(\w+) \/repos\/[^/]+\/[^/]+/, "$1 …")}`).join(", ")}; exit at ${a.typical.totalMs.toFixed(0)}.\n`,
    );
    out.push(row(["systems", "earlier comments", "run", "REST calls", "total time", "by route"]));
    out.push(row(Array(6).fill("---")));
    for (const g of a.growth) {
      out.push(
        row([
          String(g.systems),
          g.comments.toLocaleString("en-US"),
          g.rerun ? "re-run (sticky comment exists)" : "first run",
          String(g.totalCalls),
          formatMs(g.totalMs),
          Object.entries(g.calls)
            .map(([route, n]) => `${route.replace("/repos/{owner}/{repo}", "…")} ×${n}`)
            .join("; "),
        ]),
      );
    }
    out.push("");
    if (a.violations.length)
      out.push(`Problems seen in these runs: ${a.violations.slice(0, 5).join("; ")}\n`);
  } else if (r.actionSkipped) {
    out.push(`### The action\n\nNot measured: ${r.actionSkipped}\n`);
  }

  const targets = targetRows(r);
  if (targets.length) {
    out.push("### Targets\n");
    out.push(row(["target", "measured", "met"]));
    out.push(row(["---", "---", "---"]));
    for (const t of targets) out.push(row(t));
    out.push("");
  }

  if (r.profiles.length) {
    out.push("### CPU profiles (unminified bundle of src/cli.ts, `node --cpu-prof`), top self time\n");
    for (const p of r.profiles) {
      out.push(`**${p.label}** (${formatMs(p.totalMs)} sampled, \`${p.profileFile}\`)\n`);
      out.push(row(["function", "module", "self", "%"]));
      out.push(row(Array(4).fill("---")));
      for (const f of p.topFunctions.slice(0, 8)) {
        out.push(row([`\`${f.function}\``, `${f.module}:${f.line}`, formatMs(f.selfMs), `${f.percent}%`]));
      }
      out.push("");
      out.push(
        `Shipgate functions by inclusive time: ${p.topInclusive
          .slice(0, 8)
          .map((f) => `\`${f.function}\` (${f.module}) ${f.percent}%`)
          .join(", ")}\n`,
      );
      out.push(
        `By module: ${p.topModules
          .slice(0, 6)
          .map((m) => `${m.module} ${m.percent}%`)
          .join(", ")}\n`,
      );
    }
  }
  return `${out.join("\n")}\n`;
}

function targetRows(r: BenchResult): string[][] {
  const rows: string[][] = [];
  const by = (name: string): ShipgateRow | undefined => r.monorepos.find((m) => m.repo === name);
  const hundred = by("100-systems");
  if (hundred) {
    const w = hundred.full.wallMs.median;
    const m = hundred.full.maxRssMiB?.median ?? Infinity;
    rows.push(["100-system repo under 1 s wall", formatMs(w), yes(w < 1000)]);
    rows.push([
      "100-system repo under 200 MB RSS",
      `${m.toFixed(0)} MiB (${((m * MIB) / 1e6).toFixed(0)} MB)`,
      yes(m * MIB < 200e6),
    ]);
  }
  const base = by("10-systems");
  const wide = by("10-systems-50k-files");
  const nm = by("10-systems-50k-node-modules");
  if (base?.full.cpuMs && wide?.full.cpuMs && nm?.full.cpuMs) {
    // CPU time, not wall time, decides: on a shared machine it is the steadier of the two.
    const b = base.full.cpuMs.median;
    const dWide = wide.full.cpuMs.median - b;
    const dNm = nm.full.cpuMs.median - b;
    const wb = base.full.wallMs.median;
    const perSystem = hundred?.full.cpuMs
      ? (hundred.full.cpuMs.median - b) / (hundred.systems - base.systems)
      : undefined;
    rows.push([
      "time grows with evidence read, not with unrelated files (met when, in CPU time, +50,000 node_modules files add < 10% and +48,000 unrelated files < 25% to the 10-system run)",
      `10 systems: CPU ${formatMs(b)}, wall ${formatMs(wb)}; +48,000 unrelated files: CPU ${signed(dWide)} (${pct(dWide, b)}), wall ${signed(wide.full.wallMs.median - wb)}; ` +
        `+50,000 node_modules files: CPU ${signed(dNm)} (${pct(dNm, b)}), wall ${signed(nm.full.wallMs.median - wb)}` +
        (perSystem !== undefined
          ? `; each further system with its evidence: CPU ${formatMs(perSystem)}`
          : ""),
      yes(dNm < 0.1 * b && dWide < 0.25 * b),
    ]);
  }
  if (r.action) {
    const bySystems = r.action.growth.filter((g) => g.comments === 0 && !g.rerun);
    const counts = bySystems.map((g) => `${g.systems} → ${g.totalCalls}`);
    const constant = new Set(bySystems.map((g) => g.totalCalls)).size === 1;
    rows.push([
      "typical PR run: the number of API calls does not grow with the number of systems",
      `REST calls by number of systems (first run, no earlier comments): ${counts.join(", ")}`,
      yes(constant),
    ]);
    const typical = r.action.typical;
    const listings = typical.calls["GET /repos/{owner}/{repo}/issues/{issue_number}/comments"] ?? 0;
    rows.push([
      "typical PR run: ≤ 8 API calls plus pagination",
      `${typical.totalCalls} calls on a first run, ${listings} of them listing comments (one page each)`,
      yes(typical.totalCalls <= 8),
    ]);
    rows.push([
      "cold start to first API call < 300 ms",
      spreadMs(r.action.coldStartMs),
      yes(r.action.coldStartMs.median < 300),
    ]);
    rows.push([
      "dist/ < 2 MB",
      `${r.action.distBytes.toLocaleString("en-US")} bytes`,
      yes(r.action.distBytes < 2e6),
    ]);
  }
  for (const m of r.monorepos) {
    if (!m.repolinter || !m.equivalent) continue;
    const x = m.repolinter.wallMs.median / m.equivalent.wallMs.median;
    rows.push([
      `Shipgate ≥ 5× faster than repolinter on equivalent checks, ${m.repo}`,
      `${ratio(m.repolinter, m.equivalent)}×${m.repolinter.timedOut ? " (repolinter timed out; at least)" : ""}`,
      yes(x >= 5),
    ]);
  }
  return rows;
}

function row(cells: string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
}

function wall(m: Measurement): string {
  return spreadMs(m.wallMs);
}

function spreadMs(s: Spread): string {
  return s.min === s.max
    ? formatMs(s.median)
    : `${formatMs(s.median)} (${formatMs(s.min)}–${formatMs(s.max)})`;
}

function rss(m: Measurement): string {
  if (!m.maxRssMiB) return "n/a";
  const s = m.maxRssMiB;
  return s.max - s.min < 1
    ? `${s.median.toFixed(0)} MiB`
    : `${s.median.toFixed(0)} MiB (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;
}

function ratio(slow: Measurement, fast: Measurement): string {
  const x = slow.wallMs.median / fast.wallMs.median;
  return x >= 10 ? x.toFixed(0) : x.toFixed(1);
}

function signed(ms: number): string {
  return `${ms >= 0 ? "+" : "−"}${formatMs(Math.abs(ms))}`;
}

function pct(part: number, whole: number): string {
  return `${part >= 0 ? "+" : "−"}${Math.abs((part * 100) / whole).toFixed(0)}%`;
}

function yes(ok: boolean): string {
  return ok ? "yes" : "**no**";
}

/** A ratio as `1.23× (1.10–1.40)`; peak RSS, the one target that is not a ratio, in MiB. */
export function formatRatio(r: Ratio): string {
  return r.unit === "MiB"
    ? `${r.ratio.median.toFixed(0)} MiB (${r.ratio.min.toFixed(0)}–${r.ratio.max.toFixed(0)})`
    : `${r.ratio.median.toFixed(2)}× (${r.ratio.min.toFixed(2)}–${r.ratio.max.toFixed(2)})`;
}
