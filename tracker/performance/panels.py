"""What this app adds to the pages of the apps below it (`tracker/core/panels.py`): each
sub-area registers its own panels when its module is imported."""

from tracker.performance.assurance import panels as assurance_panels  # noqa: F401
from tracker.performance.coverage import panels as coverage_panels  # noqa: F401
from tracker.performance.evidence import panels as evidence_panels  # noqa: F401
from tracker.performance.measures import panels as measures_panels  # noqa: F401
