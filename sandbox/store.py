"""The sandbox's database: one SQLite file shared by both replica apps."""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sandbox.seed import generate, gmv_ladder

SCHEMA = """
CREATE TABLE IF NOT EXISTS listings (
    product_id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    status TEXT NOT NULL,
    skus TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS listings_by_status ON listings (status, product_id);
CREATE TABLE IF NOT EXISTS sales (
    product_id TEXT NOT NULL,
    day INTEGER NOT NULL,
    gmv_cents INTEGER NOT NULL,
    items INTEGER NOT NULL,
    orders INTEGER NOT NULL
);
-- Product analytics sums each product's days from this index alone, in product
-- order; an index by day would leave SQLite to sort every sale to group them.
DROP INDEX IF EXISTS sales_by_day;
CREATE INDEX IF NOT EXISTS sales_by_product ON sales
    (product_id, day, gmv_cents, items, orders);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS shop (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS app_settings (
    app TEXT NOT NULL, key TEXT NOT NULL, value INTEGER NOT NULL,
    PRIMARY KEY (app, key)
);
CREATE TABLE IF NOT EXISTS sessions (
    sid TEXT PRIMARY KEY, app TEXT NOT NULL, expires REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY, due REAL NOT NULL, total INTEGER NOT NULL,
    state TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS job_items (
    job_id INTEGER NOT NULL, product_id TEXT NOT NULL,
    outcome TEXT, reason TEXT
);
CREATE INDEX IF NOT EXISTS job_items_by_job ON job_items (job_id);
CREATE INDEX IF NOT EXISTS job_items_by_product ON job_items (product_id);
CREATE TABLE IF NOT EXISTS requests (
    app TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL,
    count INTEGER NOT NULL, first_answered REAL,
    PRIMARY KEY (app, method, path)
);
"""

SETTING_KEYS = (
    "auto_link",
    "order_sync",
    "sync_orders_to_shopify",
    "fulfillment_sync",
    "auto_fulfillment_update",
)

WINDOWS = {"7d": 7, "28d": 28, "90d": 90}

# Why a listing's latest deactivation failed, if it did.
REJECTION = (
    "(SELECT reason FROM job_items WHERE job_items.product_id = listings.product_id "
    "AND outcome = 'failed' ORDER BY rowid DESC LIMIT 1)"
)


class Store:
    """Thread-safe access to the sandbox's SQLite database."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        # Every request writes its count; WAL keeps NORMAL safe and skips an fsync.
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._db:
            yield self._db

    def seed(self, seed: int, count: int, region: str, fixture: str = "shop") -> None:
        """Fill an empty database with a deterministic shop."""
        with self._tx() as db:
            if db.execute("SELECT 1 FROM listings LIMIT 1").fetchone():
                return
            make = gmv_ladder if fixture == "gmv-ladder" else generate
            products = make(seed, count)
            db.executemany(
                "INSERT INTO listings VALUES (?, ?, ?, ?)",
                [
                    (p.product_id, p.title, p.status, json.dumps(p.skus))
                    for p in products
                ],
            )
            db.executemany(
                "INSERT INTO sales VALUES (?, ?, ?, ?, ?)",
                [
                    (p.product_id, s.day, s.gmv_cents, s.items, s.orders)
                    for p in products
                    for s in p.sales
                ],
            )
            db.executemany(
                "INSERT INTO settings VALUES (?, 1)", [(k,) for k in SETTING_KEYS]
            )
            shop = {
                "name": "Maple & Moss Home",
                "region": region,
                "owner": "Jane Doe",
                "email": "jane.doe@maplemoss.example",
            }
            db.executemany("INSERT INTO shop VALUES (?, ?)", shop.items())

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # Shop and settings

    def shop(self) -> dict[str, str]:
        with self._tx() as db:
            return {r["key"]: r["value"] for r in db.execute("SELECT * FROM shop")}

    def settings(self) -> dict[str, bool]:
        with self._tx() as db:
            rows = db.execute("SELECT key, value FROM settings").fetchall()
        return {row["key"]: bool(row["value"]) for row in rows}

    def set_setting(self, key: str, value: bool) -> None:
        with self._tx() as db:
            db.execute("UPDATE settings SET value = ? WHERE key = ?", (value, key))

    def app_settings(self, app: str, keys: tuple[str, ...]) -> dict[str, bool]:
        """A further app's own settings; each starts on, as merchants leave them."""
        with self._tx() as db:
            db.executemany(
                "INSERT OR IGNORE INTO app_settings VALUES (?, ?, 1)",
                [(app, key) for key in keys],
            )
            rows = db.execute(
                "SELECT key, value FROM app_settings WHERE app = ?", (app,)
            ).fetchall()
        return {row["key"]: bool(row["value"]) for row in rows}

    def set_app_settings(self, app: str, values: dict[str, bool]) -> None:
        with self._tx() as db:
            db.executemany(
                "UPDATE app_settings SET value = ? WHERE app = ? AND key = ?",
                [(value, app, key) for key, value in values.items()],
            )

    # Sessions

    def new_session(self, app: str, seconds: float) -> str:
        sid = secrets.token_urlsafe(24)
        with self._tx() as db:
            db.execute(
                "INSERT INTO sessions VALUES (?, ?, ?)",
                (sid, app, time.time() + seconds),
            )
        return sid

    def has_session(self, app: str, sid: str | None) -> bool:
        if not sid:
            return False
        with self._tx() as db:
            row = db.execute(
                "SELECT expires FROM sessions WHERE sid = ? AND app = ?", (sid, app)
            ).fetchone()
        return row is not None and row["expires"] > time.time()

    def renew_session(self, sid: str, seconds: float) -> None:
        """Move a live session's end to `seconds` from now."""
        with self._tx() as db:
            db.execute(
                "UPDATE sessions SET expires = ? WHERE sid = ? AND expires > ?",
                (time.time() + seconds, sid, time.time()),
            )

    def session_ids(self, app: str) -> list[str]:
        """Every session an app has issued, oldest first."""
        with self._tx() as db:
            rows = db.execute(
                "SELECT sid FROM sessions WHERE app = ? ORDER BY rowid", (app,)
            ).fetchall()
        return [row["sid"] for row in rows]

    def expire_sessions(self) -> None:
        """End every session at once, as a server-side timeout would."""
        with self._tx() as db:
            db.execute("UPDATE sessions SET expires = 0")

    # Listings

    def finish_due_jobs(self) -> None:
        """Apply background deactivation jobs whose time has come."""
        with self._tx() as db:
            due = db.execute(
                "SELECT id FROM jobs WHERE state = 'running' AND due <= ?",
                (time.time(),),
            ).fetchall()
            for job in due:
                # An item queued with a reason is one the platform will reject.
                for outcome, status, rejected in (
                    ("failed", "Failed", "IS NOT NULL"),
                    ("deactivated", "Inactive", "IS NULL"),
                ):
                    db.execute(
                        f"UPDATE listings SET status = '{status}' WHERE product_id IN "
                        "(SELECT product_id FROM job_items WHERE job_id = ? "
                        f"AND reason {rejected}) AND status = 'Deactivating'",
                        (job["id"],),
                    )
                    db.execute(
                        f"UPDATE job_items SET outcome = '{outcome}' "
                        f"WHERE job_id = ? AND reason {rejected}",
                        (job["id"],),
                    )
                db.execute("UPDATE jobs SET state = 'done' WHERE id = ?", (job["id"],))

    def status_counts(self) -> dict[str, int]:
        self.finish_due_jobs()
        with self._tx() as db:
            rows = db.execute(
                "SELECT status, COUNT(*) AS n FROM listings GROUP BY status"
            ).fetchall()
        return {row["status"]: row["n"] for row in rows}

    def tab_counts(self, tabs: dict[str, tuple[str, ...]]) -> dict[str, int]:
        """Listings per tab, for an app whose tabs each hold some statuses."""
        by_status = self.status_counts()
        return {
            tab: sum(by_status.get(status, 0) for status in statuses)
            for tab, statuses in tabs.items()
        }

    def listings(
        self, statuses: tuple[str, ...], query: str, offset: int, limit: int
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of listings in the given statuses, sorted by product ID."""
        self.finish_due_jobs()
        marks, search, params = _matching(statuses, query)
        with self._tx() as db:
            total = db.execute(
                f"SELECT COUNT(*) FROM listings WHERE status IN ({marks}){search}",
                params,
            ).fetchone()[0]
            # The page is cut first, so rejection reasons are looked up for its
            # rows only; '+status' keeps SQLite on the product ID index, whose
            # order the page needs, instead of sorting the whole tab each time.
            rows = db.execute(
                f"SELECT *, {REJECTION} AS reason FROM (SELECT * FROM listings "
                f"WHERE +status IN ({marks}){search} ORDER BY product_id "
                "LIMIT ? OFFSET ?) AS listings",
                [*params, limit, offset],
            ).fetchall()
        items = [
            {
                "product_id": row["product_id"],
                "title": row["title"],
                "status": row["status"],
                "skus": json.loads(row["skus"]),
                "reason": row["reason"] if row["status"] == "Failed" else None,
            }
            for row in rows
        ]
        return items, total

    def listings_after(
        self, statuses: tuple[str, ...], after: str, limit: int
    ) -> tuple[list[dict[str, Any]], int]:
        """Listings in the given statuses whose product ID sorts after `after`.

        A cursor by product ID, not an offset: rows that leave a status while a
        client scrolls do not make it skip the rows behind them.
        """
        self.finish_due_jobs()
        marks = ",".join("?" * len(statuses))
        with self._tx() as db:
            total = _count(db, statuses)
            rows = db.execute(
                f"SELECT * FROM listings WHERE status IN ({marks}) "
                "AND product_id > ? ORDER BY product_id LIMIT ?",
                [*statuses, after, limit],
            ).fetchall()
        return [dict(row, skus=json.loads(row["skus"])) for row in rows], total

    def matching_ids(self, statuses: tuple[str, ...], query: str) -> list[str]:
        """Every listing a whole-tab action takes, by product ID, in page order."""
        self.finish_due_jobs()
        marks, search, params = _matching(statuses, query)
        with self._tx() as db:
            rows = db.execute(
                f"SELECT product_id FROM listings WHERE status IN ({marks}){search} "
                "ORDER BY product_id",
                params,
            ).fetchall()
        return [row["product_id"] for row in rows]

    def start_deactivation(
        self,
        product_ids: list[str],
        seconds: float,
        rejected: dict[str, str] | None = None,
        statuses: tuple[str, ...] = ("Active",),
    ) -> int:
        """Queue listings in `statuses` for deactivation; returns the job's id.

        Those in `rejected` will end in Failed with the reason given.
        """
        rejected = rejected or {}
        with self._tx() as db:
            marks = ",".join("?" * len(product_ids))
            states = ",".join("?" * len(statuses))
            active = [
                row["product_id"]
                for row in db.execute(
                    f"SELECT product_id FROM listings WHERE status IN ({states}) "
                    f"AND product_id IN ({marks})",
                    [*statuses, *product_ids],
                )
            ]
            cursor = db.execute(
                "INSERT INTO jobs (due, total, state) VALUES (?, ?, 'running')",
                (time.time() + seconds, len(active)),
            )
            job_id = int(cursor.lastrowid or 0)
            db.executemany(
                "INSERT INTO job_items (job_id, product_id, reason) VALUES (?, ?, ?)",
                [(job_id, pid, rejected.get(pid)) for pid in active],
            )
            db.executemany(
                "UPDATE listings SET status = 'Deactivating' WHERE product_id = ?",
                [(pid,) for pid in active],
            )
        return job_id

    def job(self, job_id: int) -> dict[str, Any] | None:
        self.finish_due_jobs()
        with self._tx() as db:
            job = db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
            if job is None:
                return None
            items = db.execute(
                "SELECT product_id, outcome, reason FROM job_items WHERE job_id = ?",
                (job_id,),
            ).fetchall()
        return {
            "id": job_id,
            "state": job["state"],
            "total": job["total"],
            "deactivated": [
                i["product_id"] for i in items if i["outcome"] == "deactivated"
            ],
            "failed": [
                {"id": i["product_id"], "reason": i["reason"]}
                for i in items
                if i["outcome"] == "failed"
            ],
        }

    def jobs(self) -> list[dict[str, Any]]:
        """Every deactivation job with the listings it took on, oldest first."""
        with self._tx() as db:
            rows = db.execute("SELECT id FROM jobs ORDER BY id").fetchall()
        return [job for row in rows if (job := self.job(row["id"])) is not None]

    def all_listings(self) -> list[dict[str, Any]]:
        items, _ = self.listings(
            (
                "Active",
                "Deactivating",
                "Inactive",
                "Pending",
                "Reviewing",
                "Failed",
                "Suspended",
            ),
            "",
            0,
            10_000_000,
        )
        return items

    # What happens in a live shop while a plan waits: demos and tests use these

    def set_status(self, product_id: str, status: str) -> None:
        """Put a listing in a status, as the merchant or the platform might."""
        with self._tx() as db:
            db.execute(
                "UPDATE listings SET status = ? WHERE product_id = ?",
                (status, product_id),
            )

    def add_sale(self, product_id: str, gmv_cents: int, items: int = 1) -> None:
        """Record a sale of a product today."""
        with self._tx() as db:
            db.execute(
                "INSERT INTO sales VALUES (?, 0, ?, ?, 1)",
                (product_id, gmv_cents, items),
            )

    # Sales

    def product_sales(
        self,
        statuses: tuple[str, ...],
        first_day: int,
        last_day: int,
        offset: int = 0,
        limit: int = -1,
    ) -> tuple[list[dict[str, Any]], int]:
        """A page of listings in `statuses` with their sales summed over days
        `first_day`..`last_day` ago, best sellers first; and how many there are."""
        if not statuses:
            return [], 0
        self.finish_due_jobs()
        marks = ",".join("?" * len(statuses))
        with self._tx() as db:
            total = _count(db, statuses)
            rows = db.execute(
                "SELECT l.product_id, l.title, l.status, COALESCE(s.g, 0) AS gmv, "
                "COALESCE(s.i, 0) AS items, COALESCE(s.o, 0) AS orders "
                "FROM listings l LEFT JOIN (SELECT product_id, SUM(gmv_cents) g, "
                "SUM(items) i, SUM(orders) o FROM sales WHERE day BETWEEN ? AND ? "
                "GROUP BY product_id) s ON s.product_id = l.product_id "
                f"WHERE l.status IN ({marks}) ORDER BY gmv DESC, l.product_id "
                "LIMIT ? OFFSET ?",
                [first_day, last_day, *statuses, limit, offset],
            ).fetchall()
        return [dict(row) for row in rows], total

    # Request counts, for tests and the benchmark

    def count_request(self, app: str, method: str, path: str) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT INTO requests VALUES (?, ?, ?, 1, NULL) ON CONFLICT "
                "(app, method, path) DO UPDATE SET count = count + 1",
                (app, method, path),
            )

    def answered(self, app: str, method: str, path: str, when: float) -> None:
        """Note when a request of this kind was first answered (for the benchmark)."""
        with self._tx() as db:
            db.execute(
                "UPDATE requests SET first_answered = ? WHERE app = ? AND method = ? "
                "AND path = ? AND first_answered IS NULL",
                (when, app, method, path),
            )

    def request_counts(self) -> list[dict[str, Any]]:
        with self._tx() as db:
            rows = db.execute("SELECT * FROM requests ORDER BY app, path").fetchall()
        return [dict(row) for row in rows]


def _count(db: sqlite3.Connection, statuses: tuple[str, ...]) -> int:
    """How many listings are in these statuses."""
    marks = ",".join("?" * len(statuses))
    sql = f"SELECT COUNT(*) FROM listings WHERE status IN ({marks})"
    count: int = db.execute(sql, statuses).fetchone()[0]
    return count


def _matching(statuses: tuple[str, ...], query: str) -> tuple[str, str, list[Any]]:
    """Placeholders for `statuses`, the search condition for `query`, and their
    parameters, for a listings query."""
    search = ""
    params: list[Any] = list(statuses)
    if query:
        search = " AND (title LIKE ? OR product_id = ? OR skus LIKE ?)"
        params += [f"%{query}%", query, f"%{query}%"]
    return ",".join("?" * len(statuses)), search, params


def day_range(first: date, last: date, today: date) -> tuple[int, int]:
    """Turn a calendar range into days-ago bounds."""
    return (today - last).days, (today - first).days


def window_dates(days: int, today: date) -> tuple[date, date]:
    """The calendar range of a 'last N days' window, today included."""
    return today - timedelta(days=days - 1), today
