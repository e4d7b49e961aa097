"""How fast each way of rendering the plan page's action rows is, on rows held in memory.

The plan page shows every action of the plan (issue 11): at 400 actions the rows were most of
the page's time when the template language rendered them. This measures the choices named in
the issue on the same rows, with no database and no request:

- `django template`: the row loop as `plans/plan_detail.html` had it (about 60 nodes a row);
- `jinja2`: the same loop in Jinja2 (autoescape on), compiled once;
- `fragment cache`: every row's HTML already in Django's local-memory cache, keyed by what it
  shows, fetched with one `get_many` and joined (the best case: every row a hit, no network);
- `python`: `tracker.plans.presenters.action_rows_html`, what the page now uses;
- `floor (B1)`: `bench/run.py`'s `plan_rows_html`, the cheapest honest rendering.

    .venv/bin/python bench/rows.py                  # 400 and 2,000 rows, median of 30
    .venv/bin/python bench/rows.py --rows 400 --repeat 100
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

DJANGO_ROWS = """{% load plans %}{% for action in actions %}
              <tr class="govuk-table__row">
                <td class="govuk-table__cell app-col-ref"><a class="govuk-link govuk-!-font-weight-bold" href="{{ action.url }}">{{ action.reference }}</a></td>
                <td class="govuk-table__cell"><span class="app-pre-wrap">{{ action.description }}</span>{% if action.latest_on %}
                  <details class="govuk-details app-details--compact"><summary class="govuk-details__summary"><span class="govuk-details__summary-text">Latest progress<span class="govuk-visually-hidden"> on action {{ action.reference }}</span>, {{ action.latest_on|uk_date }}</span></summary><div class="govuk-details__text app-pre-wrap">{{ action.latest_narrative }}</div></details>{% else %}<br><span class="govuk-body-s app-secondary-text">No progress recorded</span>{% endif %}</td>
                <td class="govuk-table__cell" data-label="Who"><ul class="govuk-list govuk-!-margin-bottom-0 app-who">{% for name in action.who %}<li>{{ name }}</li>{% endfor %}{% if action.owner_note %}<li class="app-secondary-text">{{ action.owner_note }}</li>{% endif %}</ul></td>
                <td class="govuk-table__cell" data-label="Due">{{ action.due_on|uk_date|default:"No date" }}{% if action.is_rebaselined %}<br><span class="app-secondary-text">Re-baselined from {{ action.original_due_on|uk_date }}</span>{% endif %}</td>
                <td class="govuk-table__cell" data-label="Status">{{ action.status_label }}{% if action.is_overdue %}<br><span class="app-overdue">Overdue</span>{% endif %}</td>
                <td class="govuk-table__cell" data-label="BRAG">{% brag_tag action.brag %}</td>
              </tr>
            {% endfor %}"""  # noqa: E501

JINJA_ROWS = """{% for action in actions %}
              <tr class="govuk-table__row">
                <td class="govuk-table__cell app-col-ref"><a class="govuk-link govuk-!-font-weight-bold" href="{{ action.url }}">{{ action.reference }}</a></td>
                <td class="govuk-table__cell"><span class="app-pre-wrap">{{ action.description }}</span>{% if action.latest_on %}
                  <details class="govuk-details app-details--compact"><summary class="govuk-details__summary"><span class="govuk-details__summary-text">Latest progress<span class="govuk-visually-hidden"> on action {{ action.reference }}</span>, {{ action.latest_on|uk_date }}</span></summary><div class="govuk-details__text app-pre-wrap">{{ action.latest_narrative }}</div></details>{% else %}<br><span class="govuk-body-s app-secondary-text">No progress recorded</span>{% endif %}</td>
                <td class="govuk-table__cell" data-label="Who"><ul class="govuk-list govuk-!-margin-bottom-0 app-who">{% for name in action.who %}<li>{{ name }}</li>{% endfor %}{% if action.owner_note %}<li class="app-secondary-text">{{ action.owner_note }}</li>{% endif %}</ul></td>
                <td class="govuk-table__cell" data-label="Due">{{ action.due_on|uk_date or "No date" }}{% if action.is_rebaselined %}<br><span class="app-secondary-text">Re-baselined from {{ action.original_due_on|uk_date }}</span>{% endif %}</td>
                <td class="govuk-table__cell" data-label="Status">{{ action.status_label }}{% if action.is_overdue %}<br><span class="app-overdue">Overdue</span>{% endif %}</td>
                <td class="govuk-table__cell" data-label="BRAG">{{ brag_tag(action.brag) }}</td>
              </tr>
            {% endfor %}"""  # noqa: E501


def make_rows(count: int, seed: int = 0) -> list[Any]:
    """`count` plan rows with text of realistic length, a third with an owner note, most with
    progress, one in seven overdue."""
    from tracker.plans.selectors import ActionRow, status_label

    rng = random.Random(seed)  # noqa: S311 (not a secret)
    words = ["the", "review", "of", "audit", "practice", "&", "quality", "<assurance>"]
    words += ["for", "children's", "social", "care"]
    today = datetime.date(2026, 12, 6)

    def text(n: int) -> str:
        return " ".join(rng.choice(words) for _ in range(n))

    rows = []
    for pk in range(1, count + 1):
        due = today + datetime.timedelta(days=rng.randint(-120, 240))
        status = rng.choice(["not_started", "in_progress", "in_progress", "completed"])
        latest = rng.random() < 0.9
        rows.append(
            ActionRow(
                pk=pk,
                section_id=1 + pk // 10,
                reference=f"{1 + pk // 10}.{pk % 10}",
                description=text(25),
                who=tuple(f"Head of {text(2)}" for _ in range(rng.randint(1, 3))),
                owner_note=text(6) if pk % 3 == 0 else "",
                due_on=due,
                original_due_on=due - datetime.timedelta(days=30) if pk % 5 == 0 else due,
                status=status,
                status_label=status_label(status),
                brag=rng.choice(["", "blue", "green", "amber", "red"]),
                is_overdue=status != "completed" and due < today,
                latest_on=today - datetime.timedelta(days=rng.randint(0, 60)) if latest else None,
                latest_narrative=text(50) if latest else None,
                url=f"/plans/1/actions/{pk}/",
            )
        )
    return rows


def cases(rows: list[Any]) -> dict[str, Callable[[], str]]:
    import jinja2
    from django.core.cache.backends.locmem import LocMemCache
    from django.template import engines

    from bench.run import plan_rows_html
    from tracker.core.formatting import format_date
    from tracker.plans import presenters

    django_template = engines["django"].from_string(DJANGO_ROWS)
    environment = jinja2.Environment(autoescape=True)
    environment.filters["uk_date"] = format_date
    environment.globals["brag_tag"] = presenters.brag_tag_html
    jinja_template = environment.from_string(JINJA_ROWS)
    cache = LocMemCache("plan-rows", {"OPTIONS": {"MAX_ENTRIES": 100_000}})
    keys = [f"plan-row:{row.pk}:{hash(row)}" for row in rows]
    cache.set_many(
        {key: presenters.action_rows_html([row]) for key, row in zip(keys, rows, strict=True)}
    )
    sections = [SimpleNamespace(section=SimpleNamespace(number=1, title="All"), actions=rows)]

    def fragment_cache() -> str:
        found = cache.get_many(keys)
        return "".join(found[key] for key in keys)

    return {
        "django template": lambda: django_template.render({"actions": rows}),
        "jinja2": lambda: jinja_template.render(actions=rows),
        "fragment cache": fragment_cache,
        "python": lambda: presenters.action_rows_html(rows),
        "floor (B1)": lambda: plan_rows_html(sections),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", default="400,2000", help="Comma-separated row counts")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    print(f"load average {os.getloadavg()[0]:.2f}; median of {args.repeat}, rounds interleaved")
    print(f"{'rows':>5} {'case':<16} {'p50 ms':>8} {'x python':>9} {'x floor':>8}")
    for count in (int(n) for n in args.rows.split(",")):
        timed = cases(make_rows(count))
        expected = timed["python"]()
        for name in ("django template", "jinja2", "fragment cache"):
            # MarkupSafe (Jinja2) writes an apostrophe as &#39;, Django as &#x27;.
            if str(timed[name]()).replace("&#39;", "&#x27;") != expected:
                sys.exit(f"{name} renders different HTML from the Python rows")
        times: dict[str, list[float]] = {name: [] for name in timed}
        order = list(timed)
        shuffler = random.Random(0)  # noqa: S311
        for _ in range(args.repeat):
            shuffler.shuffle(order)
            for name in order:
                started = time.perf_counter()
                timed[name]()
                times[name].append(time.perf_counter() - started)
        p50 = {name: statistics.median(values) * 1000 for name, values in times.items()}
        for name in timed:
            print(
                f"{count:>5} {name:<16} {p50[name]:>8.2f} {p50[name] / p50['python']:>9.2f} "
                f"{p50[name] / p50['floor (B1)']:>8.2f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
