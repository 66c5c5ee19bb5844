// Load profile for POST /chat at twice the October peak (20 concurrent conversations → 40 VUs).
// Run: k6 run load/chat.k6.js   (handleSummary writes load/k6-summary.json)
import http from "k6/http";
import { check, sleep } from "k6";

const QUESTIONS = [
  "How do I change my billing address?",
  "Why was my card declined?",
  "Can I pause my subscription for a month?",
  "Wie kündige ich mein Abo?",
  "Comment télécharger ma facture ?",
];

export const options = {
  scenarios: {
    chat: { executor: "constant-vus", vus: 40, duration: "10m" },
  },
  summaryTrendStats: ["avg", "min", "med", "max", "p(90)", "p(95)", "p(99)"],
  thresholds: {
    http_req_duration: ["p(95)<3000", "p(99)<6000"],
    http_req_failed: ["rate<0.01"],
  },
};

export default function () {
  const question = QUESTIONS[Math.floor(Math.random() * QUESTIONS.length)];
  const res = http.post(
    "http://localhost:8080/chat",
    JSON.stringify({ conversationId: `load-${Date.now()}-${Math.random()}`, message: question }),
    { headers: { "Content-Type": "application/json" }, timeout: "30s" },
  );
  check(res, { "answer streamed": (r) => r.status === 200 });
  sleep(5);
}

export function handleSummary(data) {
  return { "load/k6-summary.json": JSON.stringify(data, null, 2) };
}
