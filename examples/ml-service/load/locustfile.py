"""Load profile for churn-scoring: live account-page scoring plus the nightly batch, at twice the peak.

Peak in October 2026 was 40 live scores per second and one batch call per second from the campaign
tool; this file runs 200 users, which reaches about 80 requests per second.
"""

import random

from locust import HttpUser, between, task

CUSTOMER_IDS = [f"C{n:07d}" for n in range(1_000_000, 1_020_000)]


class AccountPageUser(HttpUser):
    wait_time = between(1, 3)

    @task(40)
    def score_one(self):
        self.client.post("/v1/score", json={"customer_id": random.choice(CUSTOMER_IDS)})

    @task(2)
    def score_batch(self):
        ids = random.sample(CUSTOMER_IDS, 250)
        self.client.post("/v1/score/batch", json={"customer_ids": ids})

    @task(4)
    def healthz(self):
        self.client.get("/healthz")

    @task(1)
    def model(self):
        self.client.get("/v1/model")
