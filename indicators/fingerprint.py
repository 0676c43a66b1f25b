"""The data's fingerprint: a few indexed numbers that move whenever an indicator, its targets or a
yearly value changes. Cached tables and answers (the dashboard's, the default year's coverage) are
kept while it stays the same."""

from django.db import connection

from .models import AssignedTarget, Indicator, IndicatorValue, TargetRevision


def fingerprint_parts():
    """(model, aggregate, column): what `fingerprint` reads, in its order."""
    value_history = IndicatorValue.history.model
    revision_history = TargetRevision.history.model
    links = Indicator.units.through
    return (
        (value_history, "MAX", "history_id"),
        (IndicatorValue, "COUNT", "*"),
        (IndicatorValue, "MAX", "pk"),
        (Indicator, "COUNT", "*"),
        (Indicator, "MAX", "pk"),
        (Indicator, "MAX", "updated_at"),
        (links, "COUNT", "*"),
        (links, "MAX", "pk"),
        (TargetRevision, "COUNT", "*"),
        (TargetRevision, "MAX", "pk"),
        (revision_history, "MAX", "history_id"),
        (AssignedTarget, "COUNT", "*"),
        (AssignedTarget, "MAX", "pk"),
        (AssignedTarget, "MAX", "updated_at"),
    )


def fingerprint() -> tuple:
    """What the tables depend on, from indexed columns only (primary keys, counts, change times).

    Every write of a yearly value through the services or the admin leaves a history row, so the
    newest history id moves on each entry, submission and review; bulk inserts and raw deletes move
    the count or the newest id of the values themselves.

    One query of scalar subqueries, each alone in its SELECT: SQLite answers a lone MAX from the index
    and a lone COUNT(*) from the smallest index, but scans the whole table for COUNT and MAX together
    (ten times slower at 500 synthetic plans), and one round trip replaces eleven.
    """
    quote = connection.ops.quote_name

    def column(model, name):
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        return quote(field.column)

    columns = ", ".join(
        f"(SELECT {aggregate}({'*' if name == '*' else column(model, name)}) FROM {quote(model._meta.db_table)})"
        for model, aggregate, name in fingerprint_parts()
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")  # noqa: S608 - table and column names from the models
        return tuple(cursor.fetchone())
