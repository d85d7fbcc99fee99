"""The public traffic mix of `bench/scale.py --load`: citizens browsing the transparency section.

Run by bench/scale.py, which passes real ids through BENCH_* variables; by hand:

    BENCH_AGENCY=ssa BENCH_PROGRAM=S123 BENCH_AGENCY_ID=1 BENCH_ASPECT=/programas/S123/asm/1/ \\
    BENCH_ACTIVITY=/programas/S123/actividades/1/ locust -f bench/locustfile.py --headless -u 20 -t 60s --host http://127.0.0.1:8000
"""

from __future__ import annotations

import os
import random

from locust import HttpUser, between, task

AGENCY = os.environ.get("BENCH_AGENCY", "")
AGENCY_ID = os.environ.get("BENCH_AGENCY_ID", "")
PROGRAM = os.environ.get("BENCH_PROGRAM", "")
ASPECT = os.environ.get("BENCH_ASPECT", "/asm/")
ACTIVITY = os.environ.get("BENCH_ACTIVITY", "/actividades/")
QUERIES = ["diagnóstico", "padrón", "reglas de operación", "indicadores", "cobertura"]


class Citizen(HttpUser):
    wait_time = between(0.5, 2)

    @task(3)
    def home(self):
        self.client.get("/", name="/")

    @task(4)
    def aspects(self):
        self.client.get(f"/asm/?pagina={random.randint(1, 50)}", name="/asm/?pagina=N")

    @task(2)
    def aspects_filtered(self):
        self.client.get(f"/asm/?dependencia={AGENCY_ID}&estado=en_proceso", name="/asm/?dependencia&estado")

    @task(3)
    def activities(self):
        self.client.get(
            f"/actividades/?oportunidad=vencida&pagina={random.randint(1, 20)}",
            name="/actividades/?oportunidad=vencida",
        )

    @task(2)
    def agency(self):
        self.client.get(f"/dependencias/{AGENCY}/", name="/dependencias/<slug>/")

    @task(3)
    def program(self):
        self.client.get(f"/programas/{PROGRAM}/", name="/programas/<clave>/")

    @task(3)
    def aspect(self):
        self.client.get(ASPECT, name="ASM")

    @task(3)
    def activity(self):
        self.client.get(ACTIVITY, name="actividad")

    @task(2)
    def search(self):
        self.client.get("/buscar/", params={"q": random.choice(QUERIES)}, name="/buscar/?q=…")

    @task(2)
    def api(self):
        # Keyset pages: the page after a random id.
        self.client.get(f"/api/asm/?cursor=d{random.randint(1, 100_000)}", name="/api/asm/?cursor=…")
