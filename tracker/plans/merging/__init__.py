"""Merging plans: two or more plans into one (a new plan or one of them).

`selectors.plan_merge_preview` suggests where each source section goes and counts what will
move; `services.plan_merge` moves it all in one transaction, each moved record keeping its
history and where it came from; `relations.RELATIONS` says how every relation that points at a
plan, theme, section or action is treated.
"""
