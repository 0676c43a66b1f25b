"""Write the formatted report workbook of one plan or of all plans (with the 汇总 sheet)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.years import default_year
from plans.models import Plan
from spreadsheets.formats.report_csv import build_csv
from spreadsheets.formats.report_xlsx import build_report
from spreadsheets.selectors import plan_reports


class Command(BaseCommand):
    help = gettext_lazy(
        "Export the indicator report of a plan (by id) or of all plans to an .xlsx or .csv file."
    )

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("plan", nargs="?", type=int, help="id of the plan")
        target.add_argument("--all", action="store_true", help="every plan, with a summary sheet")
        parser.add_argument("--out", required=True, help="the file to write (.xlsx or .csv)")
        parser.add_argument("--year", type=int, help="the year to assess (default: the latest approved)")

    def handle(self, *args, plan=None, all=False, out, year=None, **options):
        plans = Plan.objects.select_related("jurisdiction").order_by("jurisdiction__name", "title")
        if not all:
            plans = plans.filter(pk=plan)
            if not plans.exists():
                raise CommandError(_("There is no plan with id %(id)s.") % {"id": plan})
        reports = plan_reports(plans=plans, year=year or default_year())
        path = Path(out)
        if path.suffix.lower() == ".csv":
            content = build_csv(reports)
        else:
            content = build_report(reports, exported_on=timezone.localdate(), summary=all)
        path.write_bytes(content)
        self.stdout.write(_("Wrote %(count)d plans to %(path)s.") % {"count": len(reports), "path": path})
