// A minimal Chrome DevTools Protocol client for tests, over `--remote-debugging-pipe` (fd 3 in, fd 4 out,
// one JSON message per NUL-terminated frame): no WebSocket and no npm dependency needed.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";

/** Debian's Chromium; `CHROMIUM_PATH` points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

const COMMAND_TIMEOUT_MS = 20_000;

interface ProtocolError {
  code: number;
  message: string;
}

interface Message {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: unknown;
  error?: ProtocolError;
  sessionId?: string;
}

interface Pending {
  method: string;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export type EventListener = (
  method: string,
  params: Record<string, unknown>,
  sessionId: string | undefined,
) => void;

export class Browser {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<EventListener>();
  private chunks: Buffer[] = [];
  private stderr = "";
  private exited = false;

  private constructor(
    private readonly process: ChildProcess,
    private readonly input: Writable,
    output: Readable,
    private readonly profileDir: string,
  ) {
    output.on("data", (chunk: Buffer) => this.receive(chunk));
    process.stderr?.on("data", (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString("utf8")).slice(-4000);
    });
    process.on("exit", (code, signal) => {
      this.exited = true;
      const why = new Error(
        `Chromium exited (code ${code}, signal ${signal}): ${this.stderr.trim().slice(-1000)}`,
      );
      for (const p of this.pending.values()) {
        clearTimeout(p.timer);
        p.reject(why);
      }
      this.pending.clear();
    });
  }

  /** Launches headless Chromium with a fresh profile, as root-safe flags, talking over the pipe. */
  static async launch(): Promise<Browser> {
    const profileDir = mkdtempSync(join(tmpdir(), "shipgate-chromium-"));
    const child = spawn(
      CHROMIUM_PATH,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--mute-audio",
        `--user-data-dir=${profileDir}`,
        "--remote-debugging-pipe",
        "about:blank",
      ],
      { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] },
    );
    const input = child.stdio[3] as Writable;
    const output = child.stdio[4] as Readable;
    const browser = new Browser(child, input, output, profileDir);
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", () => resolve());
      child.once("error", reject);
    });
    await browser.send("Browser.getVersion");
    return browser;
  }

  send<T = Record<string, unknown>>(
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
  ): Promise<T> {
    if (this.exited)
      return Promise.reject(new Error(`Chromium is not running: ${this.stderr.trim().slice(-1000)}`));
    const id = this.nextId++;
    const message: Message = { id, method, params };
    if (sessionId !== undefined) message.sessionId = sessionId;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method} got no answer within ${COMMAND_TIMEOUT_MS} ms`));
      }, COMMAND_TIMEOUT_MS);
      this.pending.set(id, { method, resolve: resolve as (r: unknown) => void, reject, timer });
      this.input.write(`${JSON.stringify(message)}\0`);
    });
  }

  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A new tab with its own flattened session. */
  async newPage(): Promise<Page> {
    const { targetId } = await this.send<{ targetId: string }>("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await this.send<{ sessionId: string }>("Target.attachToTarget", {
      targetId,
      flatten: true,
    });
    const page = new Page(this, targetId, sessionId);
    await page.init();
    return page;
  }

  async close(): Promise<void> {
    if (!this.exited) {
      const exited = new Promise<void>((resolve) => this.process.once("exit", () => resolve()));
      await this.send("Browser.close").catch(() => undefined);
      const timer = setTimeout(() => this.process.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.profileDir, { recursive: true, force: true });
  }

  private receive(chunk: Buffer): void {
    let start = 0;
    let end = chunk.indexOf(0);
    while (end !== -1) {
      this.chunks.push(chunk.subarray(start, end));
      const text = Buffer.concat(this.chunks).toString("utf8");
      this.chunks = [];
      this.dispatch(JSON.parse(text) as Message);
      start = end + 1;
      end = chunk.indexOf(0, start);
    }
    if (start < chunk.length) this.chunks.push(chunk.subarray(start));
  }

  private dispatch(message: Message): void {
    if (message.id !== undefined) {
      const pending = this.pending.get(message.id);
      if (pending === undefined) return;
      this.pending.delete(message.id);
      clearTimeout(pending.timer);
      if (message.error !== undefined)
        pending.reject(new Error(`${pending.method}: ${message.error.message}`));
      else pending.resolve(message.result);
      return;
    }
    if (message.method !== undefined) {
      for (const listener of this.listeners)
        listener(message.method, message.params ?? {}, message.sessionId);
    }
  }
}

export interface LogEntry {
  source: string;
  level: string;
  text: string;
}

export class Page {
  /** Every URL the page asked the network stack for. */
  readonly requests: string[] = [];
  /** Console and browser log entries of level warning or error (CSP violations land here). */
  readonly problems: LogEntry[] = [];
  private readonly unsubscribe: () => void;
  private loaded: (() => void) | undefined;

  constructor(
    private readonly browser: Browser,
    private readonly targetId: string,
    private readonly sessionId: string,
  ) {
    this.unsubscribe = browser.onEvent((method, params, session) => {
      if (session !== this.sessionId) return;
      if (method === "Network.requestWillBeSent") {
        this.requests.push(String((params.request as { url: string }).url));
      } else if (method === "Log.entryAdded") {
        const entry = params.entry as LogEntry;
        if (entry.level === "error" || entry.level === "warning") this.problems.push(entry);
      } else if (method === "Runtime.exceptionThrown") {
        const details = params.exceptionDetails as { text: string };
        this.problems.push({ source: "javascript", level: "error", text: details.text });
      } else if (method === "Page.loadEventFired") {
        this.loaded?.();
      }
    });
  }

  async init(): Promise<void> {
    await Promise.all(
      ["Page.enable", "Network.enable", "Log.enable", "Runtime.enable"].map((m) => this.send(m)),
    );
  }

  send<T = Record<string, unknown>>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    return this.browser.send<T>(method, params, this.sessionId);
  }

  async setViewport(width: number, height: number): Promise<void> {
    await this.send("Emulation.setDeviceMetricsOverride", {
      width,
      height,
      deviceScaleFactor: 1,
      mobile: false,
    });
  }

  /** Screen or print media, light or dark colour scheme. */
  async emulate(media: "screen" | "print", colorScheme: "light" | "dark"): Promise<void> {
    await this.send("Emulation.setEmulatedMedia", {
      media,
      features: [{ name: "prefers-color-scheme", value: colorScheme }],
    });
  }

  async goto(url: string): Promise<void> {
    const loaded = new Promise<void>((resolve) => {
      this.loaded = resolve;
    });
    const result = await this.send<{ errorText?: string }>("Page.navigate", { url });
    if (result.errorText !== undefined) throw new Error(`cannot load ${url}: ${result.errorText}`);
    await loaded;
  }

  /** Runs an expression in the page and returns its JSON value; a thrown exception fails the caller. */
  async evaluate<T>(expression: string): Promise<T> {
    const answer = await this.send<{
      result: { value?: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    }>("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true });
    if (answer.exceptionDetails !== undefined) {
      throw new Error(
        `page script failed: ${answer.exceptionDetails.exception?.description ?? answer.exceptionDetails.text}`,
      );
    }
    return answer.result.value as T;
  }

  /** A PNG of the whole page (up to `maxHeight` CSS pixels), written to `file`. */
  async screenshot(file: string, maxHeight = 16_000): Promise<void> {
    const metrics = await this.send<{
      cssContentSize: { width: number; height: number };
      cssLayoutViewport: { clientWidth: number };
    }>("Page.getLayoutMetrics");
    const clip = {
      x: 0,
      y: 0,
      width: metrics.cssLayoutViewport.clientWidth,
      height: Math.min(Math.ceil(metrics.cssContentSize.height), maxHeight),
      scale: 1,
    };
    const { data } = await this.send<{ data: string }>("Page.captureScreenshot", {
      format: "png",
      clip,
      captureBeyondViewport: true,
    });
    writeFileSync(file, Buffer.from(data, "base64"));
  }

  /** The page printed to PDF (A4), written to `file`; returns its bytes. */
  async pdf(file: string): Promise<Buffer> {
    const { data } = await this.send<{ data: string }>("Page.printToPDF", {
      paperWidth: 8.27,
      paperHeight: 11.69,
      marginTop: 0.5,
      marginBottom: 0.5,
      marginLeft: 0.5,
      marginRight: 0.5,
      printBackground: false,
    });
    const bytes = Buffer.from(data, "base64");
    writeFileSync(file, bytes);
    return bytes;
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.browser.send("Target.closeTarget", { targetId: this.targetId });
  }
}
