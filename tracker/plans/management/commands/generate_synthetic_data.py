"""Fill the database with a deterministic synthetic data set (the tiers of `bench/README.md`)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tracker.accounts.models import LocalAuthority
from tracker.plans.demo import synthetic


class Command(BaseCommand):
    help = (
        "Make a synthetic data set: tier S (50 actions), L (400 actions, 14,000 updates), "
        "X (2,000 actions) or N (153 authorities, about 2 million updates; --scale makes a "
        "fraction of them). For benchmarks and load tests, never for production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tier", required=True, choices=["S", "L", "X", "N"])
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Tier N only: the fraction of the 153 authorities to make, e.g. 0.1",
        )
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--name", default="", help="Tiers S, L and X: the local authority's name"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        tier: str = options["tier"]
        seed: int = options["seed"]
        scale: float = options["scale"]
        if tier != "N" and scale != 1.0:
            raise CommandError("--scale applies to tier N only")
        if tier == "N" and not 0 < scale <= 1:
            raise CommandError("--scale must be more than 0 and at most 1")
        started = time.perf_counter()
        if tier == "N":
            self._national(seed=seed, scale=scale, started=started)
            return
        name = options["name"] or synthetic.tier_name(tier, seed)
        if LocalAuthority.objects.filter(name=name).exists():
            raise CommandError(
                f"A local authority called {name!r} already exists: use --name or another --seed"
            )
        local_authority = synthetic.generate_tier(tier=tier, seed=seed, name=name)
        shape = synthetic.TIERS[tier]
        self.stdout.write(
            f"Made tier {tier} (seed {seed}): {local_authority.name}, 1 plan, "
            f"{shape.sections:,} sections, {shape.actions:,} actions, "
            f"{shape.updates:,} progress updates, {shape.users:,} users "
            f"in {time.perf_counter() - started:.1f} s"
        )

    def _national(self, *, seed: int, scale: float, started: float) -> None:
        shapes = synthetic.national_shapes(scale=scale, seed=seed)
        clashes = LocalAuthority.objects.filter(name__in=[shape.name for shape in shapes])
        if clashes.exists():
            raise CommandError(
                f"Tier N with seed {seed} is already in this database ({clashes.first()}): "
                "use another --seed"
            )
        total = len(shapes)

        def progress(shape: synthetic.AuthorityShape, summary: synthetic.GenerationSummary) -> None:
            if summary.authorities % 10 == 0 or summary.authorities == total:
                self.stdout.write(
                    f"  {summary.authorities}/{total} authorities, {summary.actions:,} actions, "
                    f"{summary.updates:,} updates ({time.perf_counter() - started:.0f} s)"
                )

        summary = synthetic.generate_national(scale=scale, seed=seed, progress=progress)
        self.stdout.write(
            f"Made tier N (seed {seed}, scale {scale:g}): {summary.authorities} local authorities, "
            f"{summary.sections:,} sections, {summary.actions:,} actions, "
            f"{summary.updates:,} progress updates, {summary.users:,} users "
            f"in {time.perf_counter() - started:.1f} s"
        )
