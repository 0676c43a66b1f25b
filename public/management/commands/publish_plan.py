from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from plans.models import Plan
from public.services import plan_year_publish, plan_year_unpublish


class Command(BaseCommand):
    help = "Publish a plan's year on the public site (a snapshot of its approved figures), or withdraw it."

    def add_arguments(self, parser):
        parser.add_argument("plan_id", type=int)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--unpublish", action="store_true", help="Withdraw the year from the public site."
        )

    def handle(self, *args, plan_id, year, unpublish, **options):
        plan = Plan.objects.select_related("jurisdiction").filter(pk=plan_id).first()
        if plan is None:
            raise CommandError(_("Plan %(pk)s does not exist.") % {"pk": plan_id})
        try:
            if unpublish:
                done = plan_year_unpublish(plan=plan, year=year)
                message = (
                    _("Withdrawn: %(plan)s, %(year)s") if done else _("%(plan)s, %(year)s was not published.")
                )
                self.stdout.write(message % {"plan": plan, "year": year})
            else:
                published = plan_year_publish(plan=plan, year=year)
                count = len(published.snapshot["indicators"])
                self.stdout.write(
                    _("Published: %(plan)s, %(year)s (%(count)s indicators)")
                    % {"plan": plan, "year": year, "count": count}
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
