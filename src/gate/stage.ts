// Which stage a system is judged at: forced by the user, derived from the target branch, or the highest.
import picomatch from "picomatch";
import type { ReadinessSpec } from "../config/schema.js";
import type { Target } from "./types.js";

export interface StageResolution {
  /** The stage to judge; null when the branch is not gated by this system. */
  stage: string | null;
  /** One sentence a reviewer can read: why this stage (or none). */
  why: string;
  /** Set when the stage cannot be judged as asked (a forced stage the system does not declare). */
  blocker?: string;
}

export function resolveStage(
  spec: Pick<ReadinessSpec, "system" | "stages">,
  target: Target,
): StageResolution {
  const names = spec.stages.map((s) => s.name);
  const highest = names[names.length - 1] ?? null;

  if (target.stage !== undefined && target.stage !== "") {
    const forced = target.stage;
    if (names.includes(forced)) return { stage: forced, why: `stage ${forced} was chosen explicitly` };
    return {
      stage: forced,
      why: `stage ${quote(forced)} was chosen explicitly`,
      blocker:
        `stage ${quote(forced)} is not declared by ${spec.system}; its stages are ${names.join(", ")}. ` +
        `Choose one of them, or add the stage to the readiness file`,
    };
  }

  if (target.branch !== undefined && target.branch !== "") {
    const branch = target.branch.replace(/^refs\/heads\//, "");
    let matched: { stage: string; glob: string } | undefined;
    for (const stage of spec.stages) {
      // Later stages are higher: the last match wins.
      const glob = stage.branches.find((g) => picomatch(g, { dot: true })(branch));
      if (glob !== undefined) matched = { stage: stage.name, glob };
    }
    if (matched === undefined)
      return { stage: null, why: `branch ${quote(branch)} is not named by any stage` };
    const how = matched.glob === branch ? "" : ` (${matched.glob})`;
    return { stage: matched.stage, why: `branch ${quote(branch)} matches stage ${matched.stage}${how}` };
  }

  if (highest === null) return { stage: null, why: `${spec.system} declares no stages` };
  return { stage: highest, why: `no target branch or stage given: judged at the highest stage, ${highest}` };
}

function quote(text: string): string {
  return JSON.stringify(text);
}

/**
 * When a forced stage is declared by none of the systems judged: what to say (a usage error, exit 2 on the
 * command line; a failed run in the action). Undefined when some system declares it, or none was forced.
 */
export function undeclaredStage(
  systems: ReadonlyArray<{ stages: readonly string[] }>,
  stage: string | undefined,
): string | undefined {
  if (stage === undefined || stage === "" || systems.length === 0) return undefined;
  if (systems.some((s) => s.stages.includes(stage))) return undefined;
  const declared = [...new Set(systems.flatMap((s) => s.stages))];
  return (
    `stage ${quote(stage)} is declared by no readiness file; the stages declared are ${declared.join(", ")}. ` +
    `Choose one of them, or add the stage to a readiness file's stages`
  );
}
