// A loopback proxy in front of the fake GitHub that can hold one chosen request until the test releases
// it: the way to force the interleaving of two runs (a race) deterministically instead of by luck.
import { createServer, type IncomingMessage } from "node:http";

export interface HeldRequest {
  /** Resolves when a matching request has arrived and is being held. */
  readonly arrived: Promise<void>;
  /** Lets the held request through to the fake. */
  release(): void;
}

export interface HoldingProxy {
  readonly url: string;
  /** Holds the first request for which `match` is true. */
  hold(match: (request: { method: string; path: string; authorization: string }) => boolean): HeldRequest;
  close(): Promise<void>;
}

interface Rule {
  match: (request: { method: string; path: string; authorization: string }) => boolean;
  used: boolean;
  arrived: () => void;
  released: Promise<void>;
}

export async function startHoldingProxy(target: string): Promise<HoldingProxy> {
  const rules: Rule[] = [];
  const server = createServer((req, res) => {
    void forward(req).then(
      (answer) => {
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      },
      () => {
        res.destroy();
      },
    );
  });

  async function forward(
    req: IncomingMessage,
  ): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", target);
    const authorization = String(req.headers.authorization ?? "");
    const rule = rules.find((r) => !r.used && r.match({ method, path: url.pathname, authorization }));
    if (rule) {
      rule.used = true;
      rule.arrived();
      await rule.released;
    }
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers)) {
      if (typeof value === "string" && key !== "host" && key !== "connection" && key !== "content-length")
        headers[key] = value;
    }
    const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
    const answer = await fetch(`${target}${url.pathname}${url.search}`, {
      method,
      headers,
      ...(body ? { body } : {}),
    });
    const out: Record<string, string> = {};
    answer.headers.forEach((value, key) => {
      if (
        key !== "content-encoding" &&
        key !== "transfer-encoding" &&
        key !== "content-length" &&
        key !== "connection"
      )
        out[key] = value;
    });
    return { status: answer.status, headers: out, body: Buffer.from(await answer.arrayBuffer()) };
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the holding proxy got no TCP port");
  const releases: Array<() => void> = [];

  return {
    url: `http://127.0.0.1:${address.port}`,
    hold(match) {
      let arrived!: () => void;
      let release!: () => void;
      const arrivedPromise = new Promise<void>((r) => (arrived = r));
      const released = new Promise<void>((r) => (release = r));
      rules.push({ match, used: false, arrived, released });
      releases.push(release);
      return { arrived: arrivedPromise, release };
    },
    close() {
      for (const release of releases) release();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
