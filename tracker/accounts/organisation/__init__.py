"""A partner organisation's own administrator's pages: its staff, invited and removed."""
