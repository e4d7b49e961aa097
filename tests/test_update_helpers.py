"""Every service moves a record's version on through `tracker.core.history.save_changes`, never
by hand, so every update is refused the same way when the form was loaded from a stale copy and
every one leaves a history row naming who made it."""

from __future__ import annotations

import ast
from pathlib import Path

TRACKER = Path(__file__).resolve().parent.parent / "tracker"


def _service_modules() -> list[Path]:
    """`services.py` modules, and the modules of any `services` package, outside the tests."""
    return sorted(
        path
        for path in TRACKER.rglob("*.py")
        if "tests" not in path.relative_to(TRACKER).parts
        and (path.name == "services.py" or "services" in path.parent.relative_to(TRACKER).parts)
    )


def _writes_to_version(source: str) -> list[int]:
    """The lines that assign to a `version` attribute (`obj.version += 1`, `obj.version = …`)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        else:
            continue
        lines += [
            node.lineno
            for target in targets
            if isinstance(target, ast.Attribute) and target.attr == "version"
        ]
    return lines


def test_no_service_moves_a_version_on_by_hand():
    by_hand = [
        f"{path.relative_to(TRACKER.parent)}:{line}"
        for path in _service_modules()
        for line in _writes_to_version(path.read_text(encoding="utf-8"))
    ]

    assert by_hand == [], (
        "Write updates through tracker.core.history.save_changes (lock first with lock_for_edit) "
        f"instead of setting `version` by hand: {', '.join(by_hand)}"
    )


def test_the_walk_reads_every_app_that_updates_versioned_records():
    found = {str(path.relative_to(TRACKER.parent)) for path in _service_modules()}

    assert {
        "tracker/accounts/administration/services.py",
        "tracker/governance/highlights/services.py",
        "tracker/governance/services.py",
        "tracker/inspections/deadlines/services.py",
        "tracker/inspections/services.py",
        "tracker/plans/services.py",
        "tracker/programme/services.py",
        "tracker/reminders/services.py",
    } <= found


def test_the_check_catches_a_version_moved_on_by_hand():
    source = "def plan_update(plan):\n    plan.title = 'New'\n    plan.version += 1\n"

    assert _writes_to_version(source) == [3]
    assert _writes_to_version("plan.version = plan.version + 1\n") == [1]
    assert _writes_to_version("save_changes(plan, user=user, title='New')\n") == []
