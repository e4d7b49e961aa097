"""Every relation that points at a plan or its records is classified for merging."""

from __future__ import annotations

from tracker.plans.merging import relations


def test_every_relation_to_a_plans_records_is_classified():
    # A new model pointing at a plan, theme, section, outcome or action must say here whether
    # a merge moves it with the plan, leaves it with the source, or lets it follow its record.
    assert relations.unclassified() == []


def test_the_table_names_only_relations_that_exist():
    existing = {relation.key for relation in relations.incoming_relations()}
    assert set(relations.RELATIONS) - existing == set()


def test_issued_documents_stay_with_the_source_plan():
    stays = relations.Treatment.STAYS
    assert relations.RELATIONS["reporting.BoardPaper.plan"] is stays
    assert relations.RELATIONS["governance.HighlightReport.theme"] is stays
    assert relations.RELATIONS["governance.Risk.mitigating_actions"] is relations.Treatment.FOLLOWS
