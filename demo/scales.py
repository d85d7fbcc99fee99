"""How much each scale of `generate_dataset` builds."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    agencies: int
    programs: int
    evaluations: int
    recommendations: int
    plans: int
    aspects: int
    activities: int
    reports: int
    # True: the agencies of one state (and some of its municipalities); False: federal, state
    # and municipal agencies from across the country.
    single_state: bool

    def counts(self) -> dict[str, int]:
        return {
            "programs.Agency": self.agencies,
            "programs.Program": self.programs,
            "programs.Evaluation": self.evaluations,
            "programs.Recommendation": self.recommendations,
            "aspects.Plan": self.plans,
            "aspects.Aspect": self.aspects,
            "aspects.Activity": self.activities,
            "aspects.ProgressReport": self.reports,
        }


SCALES = {
    # The whole country: the target of issue 11.
    "national": Scale("national", 40, 1_500, 4_000, 20_000, 3_000, 100_000, 250_000, 500_000, single_state=False),
    # One state: a tenth of every count.
    "state": Scale("state", 4, 150, 400, 2_000, 300, 10_000, 25_000, 50_000, single_state=True),
    # A hundredth, for quick tests and demonstrations (three agencies, so that there is a choice).
    "demo": Scale("demo", 3, 15, 40, 200, 30, 1_000, 2_500, 5_000, single_state=True),
}
