import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from demo.services import DEMO_PASSWORD, seed_demo
from plans.models import Plan


class Command(BaseCommand):
    help = _("Create the demo accounts and demo values for the first years of each plan (demo mode only).")

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help=_("Run even outside demo mode."))

    def handle(self, *args, force=False, **options):
        if not (settings.DEBUG or force or os.environ.get("DEMO_MODE") == "1"):
            raise CommandError(
                _(
                    "seed_demo creates accounts with a published password, so it only runs in demo mode: "
                    "with DEBUG on, with DEMO_MODE=1 in the environment, or with --force."
                )
            )
        if not Plan.objects.real().exists():
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "No plans are loaded (run `manage.py load_plans` first): only the administrator and the "
                        "accounts whose jurisdiction and unit exist are created, and no demo values."
                    )
                )
            )
        report = seed_demo()
        self.stdout.write(_("Demo accounts: %(names)s") % {"names": ", ".join(report.accounts)})
        if report.skipped:
            self.stdout.write(
                self.style.WARNING(
                    _("Skipped (jurisdiction or unit not loaded): %(names)s")
                    % {"names": ", ".join(report.skipped)}
                )
            )
        self.stdout.write(_("Password of every demo account: %(password)s") % {"password": DEMO_PASSWORD})
        self.stdout.write(_("Demo values created: %(count)d") % {"count": report.values_created})
        self.stdout.write(
            _("Demo task and project progress created: %(count)d") % {"count": report.progress_created}
        )
        self.stdout.write(_("Reporting rounds created: %(count)d") % {"count": report.rounds_created})
