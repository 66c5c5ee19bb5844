// Where JSON text first goes wrong, as line and column: JSON.parse says only "Unexpected token" on some
// Node versions (20 among them), and a person fixing a results file needs the place. Called only after
// JSON.parse refused the text; one linear pass with an explicit stack (no recursion, any depth).

/** 1-based line and column of the first syntax error, or undefined when the scan finds none. */
export function jsonErrorPosition(text: string): { line: number; column: number } | undefined {
  const at = jsonErrorOffset(text);
  if (at === undefined) return undefined;
  const before = text.slice(0, at);
  const line = before.split("\n").length;
  return { line, column: at - before.lastIndexOf("\n") };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);

function jsonErrorOffset(text: string): number | undefined {
  const n = text.length;
  const stack: string[] = [];
  let i = 0;
  let state: "value" | "after" | "key" | "colon" = "value";
  const ws = () => {
    while (i < n && " \t\n\r".includes(text[i]!)) i++;
  };
  /** Reads a string starting at i; false (i at the fault) when it is broken. */
  const string = (): boolean => {
    i++;
    while (i < n) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return true;
      }
      if (c === "\\") {
        const e = text[i + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
          continue;
        }
        if (e === undefined || !ESCAPES.has(e)) return false;
        i += 2;
        continue;
      }
      if (c.charCodeAt(0) < 0x20) return false;
      i++;
    }
    return false;
  };
  for (;;) {
    ws();
    if (state === "value") {
      const c = text[i];
      if (c === "{" || c === "[") {
        i++;
        ws();
        if (text[i] === (c === "{" ? "}" : "]")) {
          i++;
          state = "after";
        } else {
          stack.push(c);
          state = c === "{" ? "key" : "value";
        }
      } else if (c === '"') {
        if (!string()) return i;
        state = "after";
      } else if (c !== undefined && (c === "-" || (c >= "0" && c <= "9"))) {
        NUMBER.lastIndex = i;
        if (!NUMBER.test(text)) return i;
        i = NUMBER.lastIndex;
        state = "after";
      } else {
        const word = ["true", "false", "null"].find((w) => text.startsWith(w, i));
        if (!word) return i;
        i += word.length;
        state = "after";
      }
    } else if (state === "key") {
      if (text[i] !== '"' || !string()) return i;
      state = "colon";
    } else if (state === "colon") {
      if (text[i] !== ":") return i;
      i++;
      state = "value";
    } else {
      const top = stack[stack.length - 1];
      if (top === undefined) return i < n ? i : undefined;
      const c = text[i];
      if (c === ",") {
        i++;
        state = top === "{" ? "key" : "value";
      } else if ((c === "}" && top === "{") || (c === "]" && top === "[")) {
        stack.pop();
        i++;
      } else {
        return i;
      }
    }
  }
}
