"""Quality assurance rules, as small pure functions: what verifying an action as embedded
needs, which evidence can support it, and how an audit's sample is graded."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from tracker.performance.models import Audit

VERIFICATION_RULE_NAME = "Verified as embedded needs evidence or an audit finding"

NOTHING_BEHIND_IT = (
    "Choose at least one piece of evidence or audit finding that shows the action is "
    "embedded: a verification cannot rest on nothing"
)


def verification_problem(*, evidence_count: int, finding_count: int) -> str:
    """ "Verified as embedded needs a lead's decision backed by at least one piece of evidence
    or audit finding."

    `evidence_count` counts only evidence that can support the verification (see
    `evidence_problem`); `finding_count` only findings recorded as confirming the action.
    Returns what is wrong in plain words, or "" when the decision has something behind it.
    """
    if evidence_count < 0 or finding_count < 0:
        raise ValueError("Counts cannot be negative")
    if evidence_count + finding_count == 0:
        return NOTHING_BEHIND_IT
    return ""


def evidence_problem(
    *, title: str, is_withdrawn: bool, of_this_action: bool, of_its_sections_outcome: bool
) -> str:
    """ "Evidence supports a verification only when it is the action's own, or shows an
    expected outcome of the action's section, and has not been withdrawn."

    Withdrawn evidence no longer counts as evidence; another action's evidence says nothing
    about this one. Returns what is wrong in plain words, or "".
    """
    if not (of_this_action or of_its_sections_outcome):
        return (
            f"“{title}” is not evidence of this action or of its section's expected outcomes, "
            "so it cannot support this verification"
        )
    if is_withdrawn:
        return f"“{title}” has been withdrawn, so it cannot support a verification"
    return ""


# Grades -------------------------------------------------------------------------------------------

# The kinds of audit that grade a sample of case files on Ofsted's four-point scale. A thematic
# audit samples case files too; observations, mock inspections and reviews make findings but
# do not grade a sample.
GRADED_KINDS = frozenset({Audit.Kind.CASE_FILE_AUDIT, Audit.Kind.THEMATIC_AUDIT})

# The grade fields, best first, with the words used in messages and on screen.
GRADES = (
    ("outstanding_count", "Outstanding"),
    ("good_count", "Good"),
    ("requires_improvement_count", "Requires improvement to be good"),
    ("inadequate_count", "Inadequate"),
)
GOOD_OR_BETTER = ("outstanding_count", "good_count")


def grade_problems(*, kind: str, counts: dict[str, int | None]) -> dict[str, list[str]]:
    """What is wrong with an audit's grades, field by field, in plain words.

    - Only case file audits and thematic audits grade a sample (`GRADED_KINDS`).
    - A count is a whole number, 0 or more.
    - Grades are all or nothing: once one is entered, each of the four is needed (0 if none),
      so that the percentages are of the whole sample.
    - A graded sample has at least one case.
    """
    entered = {name: value for name, value in counts.items() if value is not None}
    if not entered:
        return {}
    if kind not in GRADED_KINDS:
        return {
            name: [
                "Only case file audits and thematic audits grade a sample. Leave the grades "
                "empty, or change the kind of audit"
            ]
            for name in entered
        }
    problems: dict[str, list[str]] = {}
    for name, label in GRADES:
        value = counts.get(name)
        if value is None:
            problems[name] = [
                f"Enter how many cases were graded {label.lower()} (0 if none), or leave all "
                "four grades empty"
            ]
        elif value < 0:
            problems[name] = [f"The number graded {label.lower()} must be 0 or more"]
    if not problems and sum(entered.values()) == 0:
        problems["outstanding_count"] = [
            "Enter how many cases were graded: the four grades cannot all be 0"
        ]
    return problems


def _percentage(part: int, whole: int) -> int:
    return int((Decimal(100 * part) / Decimal(whole)).quantize(Decimal(1), ROUND_HALF_UP))


@dataclass(frozen=True)
class GradeRow:
    label: str
    count: int
    percentage: int


def grade_rows(*, counts: dict[str, int | None]) -> list[GradeRow]:
    """Each grade's count and its share of the graded sample, best first, as whole
    percentages (rounded half up, so they may not add up to exactly 100). Empty when the
    sample was not graded."""
    total = sum(value or 0 for value in counts.values())
    if total == 0:
        return []
    return [
        GradeRow(
            label=label,
            count=counts.get(name) or 0,
            percentage=_percentage(counts.get(name) or 0, total),
        )
        for name, label in GRADES
    ]


def percentage_good_or_better(*, counts: dict[str, int | None]) -> int | None:
    """ "Good or better" is the share of the graded sample judged outstanding or good, as a
    whole percentage (rounded half up); None when nothing was graded."""
    total = sum(value or 0 for value in counts.values())
    if total == 0:
        return None
    good_or_better = sum(counts.get(name) or 0 for name in GOOD_OR_BETTER)
    return _percentage(good_or_better, total)


def audit_grade_counts(audit: Audit) -> dict[str, int | None]:
    """An audit's four grade counts, keyed by field name."""
    return {name: getattr(audit, name) for name, _ in GRADES}
