"""A small, deterministic `StatementOfActionData` for testing the Statement of Action's builders.

No database. The local authority owns 1.1 alone; 1.2 is joint between the police and health;
2.1 has no organisation (so it is the local authority's); 2.2 is joint between the local
authority and the police.
"""

from __future__ import annotations

import dataclasses
import datetime

from tracker.reporting.documents.data import SourceLine, StatementAction, StatementOfActionData

COUNCIL = "Solihull Metropolitan Borough Council"
POLICE = "West Midlands Police"
HEALTH = "Birmingham and Solihull Integrated Care Board"
AS_OF = datetime.date(2026, 12, 7)

JTAI = SourceLine(
    kind="Joint targeted area inspection (JTAI)",
    started_on=datetime.date(2022, 3, 7),
    ended_on=datetime.date(2022, 3, 11),
    published_on=datetime.date(2022, 4, 20),
    issued_by="Ofsted, CQC, HMICFRS and HMI Probation",
)


def make_action(
    reference: str, *, organisations: tuple[str, ...] = (), **changes
) -> StatementAction:
    action = StatementAction(
        reference=reference,
        section="1. The front door",
        priority_area="",
        description=f"Action {reference}: agree thresholds for the MASH",
        answers=(("Area for priority action 1", "The quality of strategy meetings"),),
        who=("Head of Service Safeguarding",),
        owner_note="",
        organisations=organisations,
        due_on=datetime.date(2026, 3, 31),
        original_due_on=None,
        status_label="In progress",
        is_complete=False,
        brag="amber",
        brag_word="Amber",
        is_overdue=True,
        progress_on=datetime.date(2026, 11, 30),
        progress="Thresholds drafted.\nSigned off by the partnership.",
    )
    return dataclasses.replace(action, **changes)


def make_statement_data(**changes) -> StatementOfActionData:
    data = StatementOfActionData(
        local_authority=COUNCIL,
        plan_title="Statement of Action: JTAI of the front door",
        title="Statement of Action",
        as_of=AS_OF,
        generated_at=datetime.datetime(2026, 12, 7, 9, 30, tzinfo=datetime.UTC),
        sources=(JTAI,),
        actions=(
            make_action("1.1", organisations=(COUNCIL,), priority_area="The front door"),
            make_action(
                "1.2",
                organisations=(POLICE, HEALTH),
                status_label="Completed",
                is_complete=True,
                brag="blue",
                brag_word="Blue",
                is_overdue=False,
            ),
            make_action(
                "2.1",
                section="2. Strategy meetings",
                who=(),
                due_on=None,
                brag="",
                brag_word="Not rated",
                is_overdue=False,
                progress_on=None,
                progress="",
                answers=(),
            ),
            make_action(
                "2.2",
                section="2. Strategy meetings",
                organisations=(POLICE, COUNCIL),
                brag="green",
                brag_word="Green",
                is_overdue=False,
                original_due_on=datetime.date(2025, 12, 31),
            ),
        ),
    )
    return dataclasses.replace(data, **changes)
