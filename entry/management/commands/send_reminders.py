"""Daily (cron): remind the units that still owe records of an open round, 7 and 1 days before its due
date and when it is overdue. Running it twice on a day sends nothing the second time."""

import datetime

from django.core.management.base import BaseCommand

from entry.cycle import reminders_send


class Command(BaseCommand):
    help = "Send the day's reporting round reminders (in the application and by e-mail); idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=datetime.date.fromisoformat, help="the day to act as (YYYY-MM-DD)")

    def handle(self, *args, date=None, **options):
        count = reminders_send(today=date)
        self.stdout.write(f"reminded {count} units")
