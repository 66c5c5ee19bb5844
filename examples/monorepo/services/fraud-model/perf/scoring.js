// Authorisation-path load at twice the Black Friday peak: 300 scores per second from 50 VUs.
// Run: k6 run --summary-export perf/summary-export.json perf/scoring.js
import http from "k6/http";
import { check } from "k6";
import exec from "k6/execution";

export const options = {
  scenarios: {
    authorisations: { executor: "constant-arrival-rate", rate: 300, timeUnit: "1s", duration: "1m", preAllocatedVUs: 50 },
  },
  thresholds: {
    http_req_duration: ["p(95)<80"],
    http_req_failed: ["rate<0.001"],
  },
};

const MERCHANTS = ["5411", "5812", "5999", "4111", "5732"];

export default function () {
  const iteration = exec.scenario.iterationInTest;
  const body = JSON.stringify({
    transactionId: `perf-${exec.vu.idInTest}-${iteration}`,
    amountMinor: Math.floor(Math.random() * 50000) + 100,
    currency: "EUR",
    merchantCategory: MERCHANTS[iteration % MERCHANTS.length],
    cardPresent: iteration % 3 === 0,
  });
  const res = http.post("http://localhost:8080/v1/score", body, { headers: { "Content-Type": "application/json" } });
  check(res, { "status is 200": (r) => r.status === 200 });
}
