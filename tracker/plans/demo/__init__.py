"""Demo data: Solihull's inspections and plans, loaded through the services.

`load_demo_data(password=...)` loads it (safe to run again) and returns a `DemoSummary`;
`manage.py load_demo_data` does the same and prints how to sign in.
"""

from tracker.plans.demo.loader import DemoSummary, DemoUser, load_demo_data

__all__ = ["DemoSummary", "DemoUser", "load_demo_data"]
