import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from importer.selectors import plan_outline
from plans.models import Plan


class Command(BaseCommand):
    help = _("Print a plan (or all plans) as the outline JSON.")

    def add_arguments(self, parser):
        parser.add_argument("plan", nargs="?", help=_("Plan id, title or jurisdiction name."))
        parser.add_argument("--all", action="store_true", dest="all_plans")
        parser.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args, plan, all_plans, **options):
        if all_plans == bool(plan):
            raise CommandError(_("Name one plan or give --all."))
        if all_plans:
            data = [plan_outline(plan=p).to_dict() for p in Plan.objects.real().order_by("pk")]
        else:
            data = plan_outline(plan=self.find(plan)).to_dict()
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))

    def find(self, key):
        plans = Plan.objects.all()
        match = (
            plans.filter(pk=key)
            if key.isdigit()
            else plans.filter(title=key) or plans.filter(jurisdiction__name=key)
        )
        if len(match) != 1:
            raise CommandError(_("No single plan matches %(key)s.") % {"key": key})
        return match[0]
