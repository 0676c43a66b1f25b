import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from importer.synthetic import synthetic_clear, synthetic_generate


class Command(BaseCommand):
    help = _("Add N synthetic plans (marked synthetic everywhere) for load tests; --clear removes them.")

    def add_arguments(self, parser):
        parser.add_argument("--plans", type=int, default=0, help=_("How many synthetic plans to add."))
        parser.add_argument("--clear", action="store_true", help=_("Delete all synthetic rows first."))
        parser.add_argument("--seed", type=int, default=2025, help=_("Random seed, for repeatable data."))

    def handle(self, *args, plans, clear, seed, **options):
        if plans < 0:
            raise CommandError(_("The number of plans cannot be negative."))
        if not plans and not clear:
            raise CommandError(_("Give --plans N, --clear, or both."))
        started = time.perf_counter()
        if clear:
            counts = synthetic_clear()
            self.stdout.write(
                _("Removed: %(counts)s")
                % {"counts": "，".join(f"{name} {count}" for name, count in counts.items())}
            )
        if plans:
            report = synthetic_generate(plans=plans, seed=seed)
            self.stdout.write(
                _(
                    "Added %(plans)s synthetic plans: %(jurisdictions)s jurisdictions, %(tasks)s tasks, "
                    "%(indicators)s indicators, %(values)s approved values."
                )
                % vars(report)
            )
        self.stdout.write(_("Done in %(seconds).1f s.") % {"seconds": time.perf_counter() - started})
