"""Database settings read from the environment: SQLite keeps its locking options and, like
PostgreSQL, keeps its connection between requests (bench/peer.py --compare-connections)."""

from __future__ import annotations

from config.settings import base


def test_sqlite_keeps_its_connection_and_its_locking_options(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/tracker.sqlite3")
    monkeypatch.delenv("DB_CONN_MAX_AGE", raising=False)

    config = base._database()

    assert config["CONN_MAX_AGE"] == 60
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "PRAGMA journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_db_conn_max_age_zero_opens_a_connection_per_request_on_sqlite(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/tracker.sqlite3")
    monkeypatch.setenv("DB_CONN_MAX_AGE", "0")

    assert base._database()["CONN_MAX_AGE"] == 0


def test_postgresql_keeps_its_connection_and_checks_it_before_use(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://tracker@127.0.0.1:5432/tracker")
    monkeypatch.delenv("DB_CONN_MAX_AGE", raising=False)

    config = base._database()

    assert config["CONN_MAX_AGE"] == 60
    assert config["CONN_HEALTH_CHECKS"] is True
