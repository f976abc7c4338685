"""A cheap key for a document: has anything it could show changed since it was built?

A document's full cache key hashes its whole plain context, which for a national edition
means reading every registration and every evaluation answer before the cache is even
asked. This key is read first, in a handful of statements whose cost hardly grows with the
number of participants:

- the big tables (registrations, choices, assignments, evaluation answers and responses,
  invitations, photos, materials, workgroup reports): their row count and highest id, and
  their latest `updated_at` where they have one, or the column that changes in place
  (a response's submission), all in one statement;
- the small tables (editions, location days, programme, speakers, workgroups, offers,
  organisation kinds, the evaluation form and questions, ...): every row, hashed, so an
  edited title counts too.

Tables that change while documents are built or mail is sent (document builds, outgoing
mail, scheduled jobs, accounts) are left out, or a build would invalidate itself.
The key is global: any change to document data anywhere invalidates every document, which
is always safe, and with it a cache hit costs milliseconds, not the document's data.
Callers read the key BEFORE they read the document's data, so a document built from
newer data may sit under an older key, never older data under a newer one.
"""

from __future__ import annotations

import hashlib
from datetime import date

from sqlalchemy import Table, func, select

from app.extensions import db
from app.reports.cache import fingerprint

# Written by building documents, sending mail, running jobs or signing in: never shown in a document.
OPERATIONAL = {
    "document_build", "outgoing_mail", "scheduled_job", "mail_rule_delivery", "group_message",
    "group_message_recipient", "report_reminder", "user", "mail_rule", "alembic_version",
}  # fmt: skip
# Too big to read row by row: counted instead. An in-place change shows in `updated_at`
# (or the column named here); every other change deletes or inserts rows.
BIG = {
    "registration": "updated_at",
    "workgroup_assignment": "updated_at",
    "workgroup_report": "updated_at",
    "workgroup_preference": None,
    "evaluation_answer": None,
    "evaluation_response": "submitted_at",
    "evaluation_invitation": "reminded_at",
    "evaluation_participation": None,
    "photo": None,
    "material": None,
    "photo_consent_withdrawal": None,
    "allocation_run": None,
}


def _tables() -> list[Table]:
    return [table for table in db.metadata.sorted_tables if table.name not in OPERATIONAL]


def _big_figures(tables: list[Table]) -> tuple:
    columns = []
    for table in tables:
        columns.append(select(func.count()).select_from(table).scalar_subquery())
        for key in table.primary_key.columns:
            columns.append(select(func.max(key)).scalar_subquery())
        changed = BIG.get(table.name)
        if changed is not None:
            columns.append(select(func.max(table.c[changed])).scalar_subquery())
            columns.append(select(func.count(table.c[changed])).scalar_subquery())
    return tuple(db.session.execute(select(*columns)).one()) if columns else ()


def data_version() -> str:
    """A hash of every row that any document can show (big tables by their figures)."""
    digest = hashlib.sha256()
    tables = _tables()
    big = [table for table in tables if table.name in BIG]
    digest.update(repr(_big_figures(big)).encode())
    for table in tables:
        if table.name in BIG:
            continue
        digest.update(table.name.encode())
        for row in db.session.execute(select(table).order_by(*table.primary_key.columns)):
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def quick_key(document: str, subject_id: int, language: str, today: date) -> str:
    """The key of one document in one language on one day, for the current data."""
    material = f"quick\n{document}\n{subject_id}\n{language}\n{today.isoformat()}\n{data_version()}"
    return hashlib.sha256(f"{fingerprint()}\n{material}".encode()).hexdigest()
