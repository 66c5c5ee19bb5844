// Runs before every test file, also when a worker runs several files in one module cache (isolate: false).
import { afterEach } from "vitest";
import { runCleanups } from "./cleanup.js";

afterEach(runCleanups);
