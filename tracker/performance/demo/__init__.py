"""Impact demo data for the Solihull demo: the scorecard, audits, evidence and verification.

`load_performance_demo(local_authority=...)` loads it (safe to run again) and returns a
`PerformanceDemoSummary`; `manage.py load_performance_demo` does the same and says what it added.
"""

from tracker.performance.demo.loader import PerformanceDemoSummary, load_performance_demo

__all__ = ["PerformanceDemoSummary", "load_performance_demo"]
