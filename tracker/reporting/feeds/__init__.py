"""The data feed for Power BI and Excel: flat tables of actions, measure values and risks as
CSV and JSON, fetched with an API token (`tracker.accounts.tokens`) so a refresh runs
without anyone signing in."""
