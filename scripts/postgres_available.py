"""Exit 0 if the PostgreSQL server in the given URL accepts connections, 1 if not."""

import sys

import psycopg

url = sys.argv[1]
try:
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", connect_timeout=3):
        pass
except psycopg.Error as exc:
    print(f"PostgreSQL unavailable: {exc}".strip(), file=sys.stderr)
    sys.exit(1)
