from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Jurisdiction
from evaluation import services
from plans.models import Plan


class Command(BaseCommand):
    help = _(
        "Write the evaluation report (终期/中期评估) of a plan, or of a jurisdiction's plans, as a Word file."
    )

    def add_arguments(self, parser):
        parser.add_argument("plan", nargs="?", type=int, help=_("The plan's id."))
        parser.add_argument("--jurisdiction", help=_("A jurisdiction's name: its plans and those below it."))
        parser.add_argument("--year", type=int, required=True, help=_("The year assessed."))
        parser.add_argument("--out", required=True, help=_("The .docx file to write."))
        parser.add_argument(
            "--template",
            help=_(
                "A Word template (.docx) to write from, instead of the jurisdiction's or the shipped one."
            ),
        )

    def handle(self, *args, plan, jurisdiction, year, out, template, **options):
        if (plan is None) == (jurisdiction is None):
            raise CommandError(_("Give either a plan id or --jurisdiction NAME."))
        if template is not None:
            if not Path(template).is_file():
                raise CommandError(_("No template file %(path)s.") % {"path": template})
            try:
                services.template_check(template, today=timezone.localdate())
            except services.TemplateError as refused:
                raise CommandError(str(refused)) from refused
        today = timezone.localdate()
        try:
            if plan is not None:
                written = services.plan_report(
                    plan=Plan.objects.select_related("jurisdiction").get(pk=plan),
                    year=year,
                    written_on=today,
                    template=template,
                )
            else:
                written = services.jurisdiction_report(
                    jurisdiction=Jurisdiction.objects.get(name=jurisdiction),
                    year=year,
                    written_on=today,
                    template=template,
                )
        except Plan.DoesNotExist as missing:
            raise CommandError(_("No plan with id %(id)s.") % {"id": plan}) from missing
        except Jurisdiction.DoesNotExist as missing:
            raise CommandError(_("No jurisdiction named %(name)s.") % {"name": jurisdiction}) from missing
        except services.NoPlan as empty:
            raise CommandError(str(empty)) from empty
        Path(out).write_bytes(written.content)
        self.stdout.write(
            _("Wrote %(path)s (%(size)s KB).") % {"path": out, "size": len(written.content) // 1024}
        )
