"""Twenty people save a value at the same moment on a SQLite file database, as under `make run`.

Run as a script (by tests/operations/test_sqlite_parallel_writes.py) with DATABASE_URL pointing at a
fresh SQLite file: migrates it, creates one indicator per writer, then has every writer POST its value
to the API at once. Prints the status codes, one per writer, as JSON.
"""

import json
import os
import sys
import threading

WRITERS = 20


def main():
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from tests.factories import IndicatorFactory, PlanFactory, UnitFactory, UserFactory

    call_command("migrate", verbosity=0)
    unit = UnitFactory()
    plan = PlanFactory(jurisdiction=unit.jurisdiction)
    indicators = [IndicatorFactory(plan=plan) for _ in range(WRITERS)]
    for indicator in indicators:
        indicator.units.add(unit)
    token = Token.objects.create(user=UserFactory(units=[unit])).key
    connection.close()

    start = threading.Barrier(WRITERS)
    statuses = [None] * WRITERS

    def write(n):
        from django.db import connection

        client = Client(HTTP_AUTHORIZATION=f"Token {token}", HTTP_HOST="localhost")
        start.wait()
        try:
            response = client.post(
                "/api/values/",
                {"indicator": indicators[n].pk, "year": 2021, "value": "35.5", "note": "并发写入"},
                content_type="application/json",
            )
            statuses[n] = response.status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    json.dump(statuses, sys.stdout)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    main()
