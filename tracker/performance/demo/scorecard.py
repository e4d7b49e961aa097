"""The demo scorecard: the measures a children's services performance pack really holds.

Names and definitions follow the Department for Education's statistical collections (the
children in need census, the SSDA903 return on children looked after, the children's social
work workforce census) and the measures councils add for their own front door. Comparators are
of the scale those collections publish: the England average, the West Midlands average and the
average of the authority's ten statistical neighbours. The figures are the demo's own: each
measure moves from `start` to `end` over the two years shown, with a little month-to-month
noise, so some improve and some get worse. Measures with no published comparator are the
council's own (its front door and its commissioned services).

Each measure names what it shows in the seed plans: expected outcomes by (plan, section number,
outcome position), sections by (plan, number) and themes by (plan, name). Plans are named by
their keys below. Some expected outcomes are left with no measure on purpose, so the coverage
page has real gaps to show.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.performance.models import Direction, Frequency, Unit
from tracker.plans.demo import ilacs_2022

# The plans of the seed demo, by key.
ACTION_PLAN_2020 = "action_plan"  # Ofsted ILACS action plan 2020 (no themes)
STATEMENT_OF_ACTION = "statement_of_action"  # JTAI Statement of Action 2022
IMPROVEMENT_PLAN = "improvement_plan"  # Children's services improvement plan 2023 (draft)

CASE_SYSTEM = "Liquidlogic children's case management system, monthly performance pack"
WORKFORCE_RETURN = "Children's social work workforce return, HR and payroll records"
MISSING_RETURN = "Commissioned missing service's monthly return"
AUDIT_PROGRAMME = "Case file audit programme (Principal Social Worker's quarterly report)"
ANNUAL_RETURN = "SSDA903 return on children looked after"


@dataclass(frozen=True)
class Comparators:
    """Published averages: the earlier year's for the first half of the two years shown, the
    later year's for the second."""

    statistical_neighbours: tuple[str, str]
    england: tuple[str, str]
    region: tuple[str, str]


@dataclass(frozen=True)
class MeasureRow:
    reference: str
    name: str
    definition: str
    unit: str
    direction: str
    frequency: str
    source: str
    tolerance: str
    start: float
    end: float
    noise: float
    target: str
    # A tighter target from the start of the latest financial year, if any.
    new_target: str = ""
    new_target_note: str = ""
    comparators: Comparators | None = None
    outcomes: tuple[tuple[str, int, int], ...] = ()
    sections: tuple[tuple[str, int], ...] = ()
    themes: tuple[tuple[str, str], ...] = ()
    decimals: int = 1
    # Periods missing at the end (a late return): a real gap for the coverage page.
    missing_latest: int = 0


M, Q, A = Frequency.MONTHLY, Frequency.QUARTERLY, Frequency.ANNUAL
PCT, NUM, RATE = Unit.PERCENTAGE, Unit.NUMBER, Unit.RATE_PER_10000
HIGHER, LOWER = Direction.HIGHER_IS_BETTER, Direction.LOWER_IS_BETTER
NEW_YEAR = "Raised for the new financial year, as the improvement board agreed"

MEASURES: tuple[MeasureRow, ...] = (
    MeasureRow(
        "FD-01",
        "Contacts decided within one working day",
        "Contacts to the multi-agency safeguarding hub (MASH) in the month whose next step was "
        "decided by a manager within one working day of receipt, as a percentage of all "
        "contacts received in the month.",
        PCT,
        HIGHER,
        M,
        CASE_SYSTEM,
        "3",
        start=87.5,
        end=96.0,
        noise=1.2,
        target="95",
        outcomes=((STATEMENT_OF_ACTION, 3, 1), (STATEMENT_OF_ACTION, 3, 3)),
        sections=((STATEMENT_OF_ACTION, 3), (IMPROVEMENT_PLAN, 2)),
        themes=((STATEMENT_OF_ACTION, ilacs_2022.PRACTICE),),
    ),
    MeasureRow(
        "FD-02",
        "Re-referrals within 12 months",
        "Referrals in the month of a child who had a previous referral within the 12 months "
        "before, as a percentage of all referrals in the month (children in need census "
        "definition).",
        PCT,
        LOWER,
        M,
        CASE_SYSTEM,
        "2",
        start=26.8,
        end=21.2,
        noise=1.3,
        target="22",
        new_target="20",
        new_target_note=NEW_YEAR,
        comparators=Comparators(("21.0", "20.6"), ("22.4", "21.8"), ("23.1", "22.5")),
        outcomes=((ACTION_PLAN_2020, 3, 1),),
        sections=((ACTION_PLAN_2020, 3), (IMPROVEMENT_PLAN, 2)),
        themes=((IMPROVEMENT_PLAN, ilacs_2022.PRACTICE),),
    ),
    MeasureRow(
        "FD-03",
        "Assessments completed within 45 working days",
        "Children and family assessments completed in the month within 45 working days of the "
        "referral, as a percentage of all assessments completed in the month.",
        PCT,
        HIGHER,
        M,
        CASE_SYSTEM,
        "5",
        start=71.0,
        end=87.0,
        noise=1.8,
        target="85",
        new_target="90",
        new_target_note=NEW_YEAR,
        comparators=Comparators(("85.3", "86.0"), ("82.1", "83.0"), ("83.5", "84.1")),
        outcomes=((STATEMENT_OF_ACTION, 3, 1), (ACTION_PLAN_2020, 3, 4)),
        sections=((STATEMENT_OF_ACTION, 3), (IMPROVEMENT_PLAN, 3)),
        themes=((IMPROVEMENT_PLAN, ilacs_2022.PRACTICE),),
    ),
    MeasureRow(
        "FD-04",
        "Return home interviews offered within 72 hours",
        "Children returning from an episode of going missing in the month who were offered a "
        "return home interview within 72 hours of their return, as a percentage of all "
        "children who returned in the month.",
        PCT,
        HIGHER,
        M,
        MISSING_RETURN,
        "5",
        start=68.0,
        end=81.0,
        noise=2.5,
        target="85",
        outcomes=((ACTION_PLAN_2020, 4, 5),),
        sections=((ACTION_PLAN_2020, 4),),
        missing_latest=2,
    ),
    MeasureRow(
        "CP-01",
        "Child protection plans starting for a second or subsequent time",
        "Child protection plans that started in the 12 months to the end of the month for a "
        "child who had been the subject of a plan before, at any time, as a percentage of all "
        "plans that started in those 12 months.",
        PCT,
        LOWER,
        M,
        CASE_SYSTEM,
        "3",
        start=18.6,
        end=26.1,
        noise=0.9,
        target="20",
        comparators=Comparators(("22.1", "22.4"), ("23.8", "23.6"), ("22.9", "23.3")),
        outcomes=((ACTION_PLAN_2020, 5, 2),),
        sections=((ACTION_PLAN_2020, 5), (IMPROVEMENT_PLAN, 3)),
        themes=((IMPROVEMENT_PLAN, ilacs_2022.PRACTICE),),
    ),
    MeasureRow(
        "CP-02",
        "Initial child protection conferences within 15 working days",
        "Initial child protection conferences held in the month within 15 working days of the "
        "strategy discussion that started the enquiry, as a percentage of all initial "
        "conferences held in the month.",
        PCT,
        HIGHER,
        M,
        CASE_SYSTEM,
        "5",
        start=74.0,
        end=89.0,
        noise=3.0,
        target="85",
        comparators=Comparators(("82.0", "83.2"), ("78.3", "79.1"), ("80.1", "80.6")),
        outcomes=((ACTION_PLAN_2020, 2, 3),),
        sections=((ACTION_PLAN_2020, 2),),
    ),
    MeasureRow(
        "CP-03",
        "Strategy discussions held within one working day",
        "Strategy discussions held in the month within one working day of the concern that "
        "led to them, with children's social care, the police and health taking part, as a "
        "percentage of all strategy discussions held in the month.",
        PCT,
        HIGHER,
        M,
        CASE_SYSTEM,
        "5",
        start=82.0,
        end=93.5,
        noise=2.0,
        target="90",
        outcomes=((ACTION_PLAN_2020, 2, 1), (STATEMENT_OF_ACTION, 3, 2)),
        sections=((ACTION_PLAN_2020, 2), (STATEMENT_OF_ACTION, 3), (IMPROVEMENT_PLAN, 2)),
    ),
    MeasureRow(
        "CIN-01",
        "Rate of children in need",
        "Children in need at the end of the month (including those on child protection plans "
        "and children in care), per 10,000 children aged under 18 in the borough (ONS "
        "mid-year estimate). Lower, as early help reaches families sooner.",
        RATE,
        LOWER,
        M,
        CASE_SYSTEM,
        "15",
        start=372.0,
        end=338.0,
        noise=4.0,
        target="350",
        comparators=Comparators(("318.4", "315.2"), ("332.9", "330.4"), ("352.6", "348.1")),
        sections=((IMPROVEMENT_PLAN, 10),),
        themes=((IMPROVEMENT_PLAN, ilacs_2022.PARTNERSHIPS),),
    ),
    MeasureRow(
        "CIC-01",
        "Children in care with three or more placements in the year",
        "Children in care at the end of the month who had three or more placements in the 12 "
        "months before, as a percentage of all children in care at the end of the month.",
        PCT,
        LOWER,
        M,
        CASE_SYSTEM,
        "1",
        start=11.6,
        end=8.8,
        noise=0.35,
        target="10",
        new_target="9",
        new_target_note=NEW_YEAR,
        comparators=Comparators(("9.6", "9.3"), ("10.0", "10.0"), ("10.4", "10.2")),
        sections=((IMPROVEMENT_PLAN, 6), (IMPROVEMENT_PLAN, 8)),
        themes=((IMPROVEMENT_PLAN, ilacs_2022.PRACTICE),),
    ),
    MeasureRow(
        "CIC-02",
        "Visits to children in care on time",
        "Children in care at the end of the month whose last statutory visit by their social "
        "worker was within the timescale their care plan sets (at most six weeks), as a "
        "percentage of all children in care at the end of the month.",
        PCT,
        HIGHER,
        M,
        CASE_SYSTEM,
        "3",
        start=88.5,
        end=94.0,
        noise=1.5,
        target="95",
        sections=((IMPROVEMENT_PLAN, 3), (IMPROVEMENT_PLAN, 7)),
        themes=((IMPROVEMENT_PLAN, ilacs_2022.PRACTICE),),
    ),
    MeasureRow(
        "CL-01",
        "Care leavers in education, employment or training",
        "Care leavers aged 19 to 21 whose latest contact shows them in education, employment "
        "or training, as a percentage of all care leavers aged 19 to 21 at the end of the month.",
        PCT,
        HIGHER,
        M,
        CASE_SYSTEM,
        "5",
        start=49.0,
        end=57.5,
        noise=1.6,
        target="60",
        comparators=Comparators(("57.8", "58.3"), ("56.0", "56.0"), ("54.2", "55.1")),
        sections=((IMPROVEMENT_PLAN, 8),),
        themes=((IMPROVEMENT_PLAN, ilacs_2022.LEADERSHIP),),
    ),
    MeasureRow(
        "WF-01",
        "Social worker turnover",
        "Children's social workers (full-time equivalent) who left the council in the 12 "
        "months to the end of the quarter, as a percentage of social workers in post at the "
        "end of the quarter (workforce census definition).",
        PCT,
        LOWER,
        Q,
        WORKFORCE_RETURN,
        "2",
        start=22.4,
        end=17.2,
        noise=0.6,
        target="18",
        new_target="15",
        new_target_note=NEW_YEAR,
        comparators=Comparators(("16.2", "15.0"), ("17.1", "15.9"), ("18.4", "17.0")),
        sections=((IMPROVEMENT_PLAN, 4), (STATEMENT_OF_ACTION, 2)),
        themes=(
            (IMPROVEMENT_PLAN, ilacs_2022.WORKFORCE),
            (STATEMENT_OF_ACTION, ilacs_2022.WORKFORCE),
        ),
    ),
    MeasureRow(
        "WF-02",
        "Social worker vacancy rate",
        "Vacant children's social worker posts (full-time equivalent) at the end of the "
        "month, whether or not covered by agency staff, as a percentage of all funded posts.",
        PCT,
        LOWER,
        M,
        WORKFORCE_RETURN,
        "3",
        start=17.0,
        end=22.5,
        noise=0.8,
        target="12",
        comparators=Comparators(("17.5", "16.9"), ("19.8", "18.2"), ("21.3", "20.1")),
        outcomes=((STATEMENT_OF_ACTION, 2, 1),),
        sections=((IMPROVEMENT_PLAN, 4), (STATEMENT_OF_ACTION, 2)),
        themes=(
            (IMPROVEMENT_PLAN, ilacs_2022.WORKFORCE),
            (STATEMENT_OF_ACTION, ilacs_2022.WORKFORCE),
        ),
    ),
    MeasureRow(
        "WF-03",
        "Average caseload of children's social workers",
        "Children allocated to case-holding social workers at the end of the month, divided "
        "by the number of case-holding social workers (full-time equivalent).",
        NUM,
        LOWER,
        M,
        WORKFORCE_RETURN,
        "1",
        start=19.8,
        end=16.9,
        noise=0.4,
        target="18",
        new_target="16",
        new_target_note=NEW_YEAR,
        comparators=Comparators(("15.9", "15.4"), ("16.3", "15.8"), ("16.8", "16.4")),
        sections=((IMPROVEMENT_PLAN, 4),),
        themes=((IMPROVEMENT_PLAN, ilacs_2022.WORKFORCE),),
    ),
    MeasureRow(
        "QA-01",
        "Case file audits graded good or better",
        "Case files audited in the quarter's case file audit and graded good or outstanding, "
        "as a percentage of all case files graded (moderated grades).",
        PCT,
        HIGHER,
        Q,
        AUDIT_PROGRAMME,
        "10",
        start=0,  # taken from the audits' grades
        end=0,
        noise=0,
        target="60",
        new_target="70",
        new_target_note=NEW_YEAR,
        outcomes=((ACTION_PLAN_2020, 1, 1), (STATEMENT_OF_ACTION, 4, 2)),
        sections=((ACTION_PLAN_2020, 1), (STATEMENT_OF_ACTION, 4), (IMPROVEMENT_PLAN, 1)),
        themes=(
            (IMPROVEMENT_PLAN, ilacs_2022.QUALITY_ASSURANCE),
            (STATEMENT_OF_ACTION, ilacs_2022.QUALITY_ASSURANCE),
        ),
    ),
    MeasureRow(
        "CIC-03",
        "Children leaving care through a special guardianship order",
        "Children who ceased to be looked after in the year because a special guardianship "
        "order was made, as a percentage of all children who ceased to be looked after in the "
        "year.",
        PCT,
        HIGHER,
        A,
        ANNUAL_RETURN,
        "2",
        start=9.0,
        end=12.0,
        noise=0,
        target="12",
        comparators=Comparators(("14.0", "14.5"), ("12.0", "11.0"), ("12.8", "12.1")),
        outcomes=((ACTION_PLAN_2020, 8, 1),),
        sections=((ACTION_PLAN_2020, 8), (IMPROVEMENT_PLAN, 6)),
    ),
)

# Case file audits, oldest first: (sampled, outstanding, good, requires improvement,
# inadequate). The grades improve as the refreshed audit process takes hold.
CASE_FILE_AUDIT_GRADES: tuple[tuple[int, int, int, int], ...] = (
    (0, 9, 21, 8),
    (0, 11, 21, 6),
    (1, 12, 20, 5),
    (1, 15, 18, 4),
    (1, 17, 17, 4),
    (2, 19, 15, 3),
    (2, 22, 13, 2),
    (3, 24, 11, 2),
)
