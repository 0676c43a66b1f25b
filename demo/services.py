"""Demo accounts and demo yearly values, so a newcomer sees a living system.

Idempotent: accounts are updated in place, values and progress that exist are left alone. Demo values
are marked `is_demo` and move from each plan's baseline towards its target with noise; some fall
behind. They cover the first three years of each plan's period that have ended (`demo_years`): 2021–2023
of a 十四五 plan, none of a 十五五 plan before 2027. The demo reporters' tasks and key projects get demo
progress (is_demo too) for the same years.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import Jurisdiction, ResponsibleUnit, User
from indicators.models import (
    Direction,
    Indicator,
    IndicatorValue,
    ProgressStatus,
    ProjectProgress,
    ReviewState,
    TaskProgress,
)
from indicators.validation import is_percentage, measures_change
from indicators.years import reporting_year
from plans.models import KeyProject, Plan, Task, TaskResponsibility

DEMO_PASSWORD = "demo-pass-2025"
DEMO_YEAR_COUNT = 3  # the first years of each plan's period
NUMERIC = (Direction.LOWER, Direction.HIGHER, Direction.HOLD)


@dataclass(frozen=True)
class Account:
    username: str
    role: str
    jurisdiction: str
    unit_mark: str = ""  # a reporter's unit: the jurisdiction's unit whose name contains this


ACCOUNTS = (
    Account("kc_sthj", User.Role.REPORTER, "宽城区", "生态环境"),
    Account("kc_fgj", User.Role.REPORTER, "宽城区", "发改"),
    Account("kc_review", User.Role.REVIEWER, "宽城区"),
    Account("kc_leader", User.Role.LEADER, "宽城区"),
    Account("jl_sthj", User.Role.REPORTER, "吉林市", "生态环境"),
    Account("jl_review", User.Role.REVIEWER, "吉林市"),
    Account("cc_leader", User.Role.LEADER, "长春市"),
)


@dataclass
class SeedReport:
    accounts: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    values_created: int = 0
    progress_created: int = 0
    rounds_created: int = 0


def _unit(jurisdiction: Jurisdiction, mark: str) -> ResponsibleUnit | None:
    return jurisdiction.units.filter(name__contains=mark).order_by("name").first()


def _account(spec: Account, report: SeedReport) -> User | None:
    jurisdiction = Jurisdiction.objects.filter(name=spec.jurisdiction).first()
    unit = _unit(jurisdiction, spec.unit_mark) if jurisdiction and spec.unit_mark else None
    if jurisdiction is None or (spec.unit_mark and unit is None):
        report.skipped.append(spec.username)
        return None
    user, _ = User.objects.get_or_create(username=spec.username)
    user.role = spec.role  # the role alone opens the admin (accounts.backends.RoleBackend)
    user.jurisdiction = jurisdiction if spec.role != User.Role.REPORTER else None
    user.set_password(DEMO_PASSWORD)
    user.save()
    user.units.set([unit] if unit else [])
    report.accounts.append(spec.username)
    return user


def _admin() -> User:
    user, _ = User.objects.get_or_create(username="admin")
    user.role, user.is_staff, user.is_superuser = User.Role.ADMIN, True, True
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def _places(indicator: Indicator) -> Decimal:
    """Print demo figures as precisely as the plan prints the indicator (one decimal at least for small spans)."""
    printed = [v for v in (indicator.baseline_value, indicator.target_value) if v is not None]
    places = max(max(0, -v.normalize().as_tuple().exponent) for v in printed)
    span = abs(indicator.target_value - (indicator.baseline_value or indicator.target_value))
    if places == 0 and span < 10:
        places = 1
    return Decimal(1).scaleb(-min(places, 2))


def demo_value(indicator: Indicator, year: int, rng: random.Random, pace: float) -> Decimal:
    """A plausible figure: the straight path scaled by the indicator's pace, plus a little noise."""
    target = float(indicator.target_value)
    base = float(indicator.baseline_value) if indicator.baseline_value is not None else target
    span = target - base
    scale = abs(span) if span else max(abs(base) * 0.01, 0.1)
    plan = indicator.plan
    share = (year - plan.baseline_year) / (plan.end_year - plan.baseline_year)
    number = base + span * share * pace + rng.uniform(-0.06, 0.06) * scale
    if not span and rng.random() < 0.7:
        number = base  # most levels are simply held
    low = -100.0 if measures_change(indicator.name) else 0.0
    if is_percentage(indicator.unit):
        number = min(max(number, low), 100.0)
    else:
        number = max(number, low if low else 0.0)
    return Decimal(str(number)).quantize(_places(indicator), rounding=ROUND_HALF_UP)


def demo_years(plan) -> list[int]:
    """The years a plan gets demo records for: the first of its period, up to the year being reported
    now (statistics for a year exist only after it ends)."""
    return [year for year in plan.years[:DEMO_YEAR_COUNT] if year <= reporting_year()]


def _state(place: int, rng: random.Random) -> str:
    """The first demo year is approved, the second mostly, the third is still being entered."""
    if place == 0:
        return ReviewState.APPROVED
    if place == 1:
        return rng.choice([ReviewState.APPROVED, ReviewState.APPROVED, ReviewState.SUBMITTED])
    return rng.choice([ReviewState.SUBMITTED, ReviewState.DRAFT, ReviewState.DRAFT])


def _review(year: int, place: int, rng: random.Random, *, reporter, reviewer, now) -> dict:
    """A demo record's year, review state and who reported and (when approved) approved it; `place`:
    which of its plan's demo years it is."""
    state = _state(place, rng)
    approved = state == ReviewState.APPROVED
    return {
        "year": year,
        "state": state,
        "reported_by": reporter,
        "reviewed_by": reviewer if approved else None,
        "reviewed_at": now if approved else None,
        "is_demo": True,
    }


def seed_values(*, reporters: dict[int, User], reviewers: dict[int, User]) -> int:
    """Demo values for each plan's demo years of every numeric indicator that has none yet; the number created."""
    indicators = list(
        Indicator.objects.filter(direction__in=NUMERIC, target_value__isnull=False, plan__is_synthetic=False)
        .prefetch_related("units")
        .select_related("plan")
    )
    years = {year for indicator in indicators for year in demo_years(indicator.plan)}
    existing = set(IndicatorValue.objects.filter(year__in=years).values_list("indicator_id", "year"))
    now = timezone.now()
    created = []
    for indicator in indicators:
        rng = random.Random(f"{indicator.plan.title}/{indicator.seq}/{indicator.name}")
        pace = rng.choice([1.2, 1.0, 1.0, 0.9, 0.5, 0.3, -0.3])  # a few behind, one in seven moving away
        unit_ids = [unit.pk for unit in indicator.units.all()]
        reporter = next((reporters[pk] for pk in unit_ids if pk in reporters), None)
        reviewer = reviewers.get(indicator.plan.jurisdiction_id)
        for place, year in enumerate(demo_years(indicator.plan)):
            if (indicator.pk, year) in existing:
                continue
            review = _review(year, place, rng, reporter=reporter, reviewer=reviewer, now=now)
            value = demo_value(indicator, year, rng, pace)
            created.append(IndicatorValue(indicator=indicator, value=value, **review))
    bulk_create_with_history(created, IndicatorValue, default_change_reason="seed_demo")
    return len(created)


# Short narratives as units write them, per status.
NARRATIVES = {
    ProgressStatus.DONE: (
        "已按年度计划完成，相关资料已归档。",
        "年度任务全部完成，经现场核查达到预期效果。",
        "已完成年度目标，形成长效管理机制。",
    ),
    ProgressStatus.IN_PROGRESS: (
        "正在按计划推进，已完成年度工作量的六成左右。",
        "前期手续已办结，工程正在施工。",
        "已制定实施方案，部分措施正在落实。",
    ),
    ProgressStatus.NOT_DONE: (
        "受资金到位滞后影响，尚未完成，已列入下年度计划。",
        "项目选址调整，进度滞后，正在协调推进。",
    ),
}


def demo_progress(place: int, rng: random.Random, previous: str = "") -> tuple[str, str]:
    """A status and narrative for the `place`-th year of the period: most work is under way early in
    the period and done later (and stays done), a little falls behind."""
    done = (0.2, 0.45, 0.65)[place]
    draw = rng.random()
    if previous == ProgressStatus.DONE or draw < done:
        status = ProgressStatus.DONE
    elif draw < 0.9:
        status = ProgressStatus.IN_PROGRESS
    else:
        status = ProgressStatus.NOT_DONE
    return status, rng.choice(NARRATIVES[status])


def _progress_records(model, subjects, *, reporters, reviewers, now) -> list:
    """Demo records for their plan's demo years of the subjects a demo reporter's unit answers for, where
    none exist.

    `subjects`: (task or project, its plan, its place in the plan, its units' pks with the reporting one first).
    """
    subjects = list(subjects)
    years = {year for _subject, plan, _place, _units in subjects for year in demo_years(plan)}
    field_name = model.SUBJECT_FIELD
    existing = set(model.objects.filter(year__in=years).values_list(f"{field_name}_id", "year"))
    created = []
    for subject, plan, place, unit_ids in subjects:
        reporter = next((reporters[pk] for pk in unit_ids if pk in reporters), None)
        if reporter is None:
            continue  # nobody to report it: as with the values, only the demo units' subjects
        reviewer = reviewers.get(plan.jurisdiction_id)
        rng = random.Random(f"{plan.title}/{model.__name__}/{place}")
        status = ""
        for place, year in enumerate(demo_years(plan)):
            status, narrative = demo_progress(place, rng, status)
            if (subject.pk, year) in existing:
                continue
            review = _review(year, place, rng, reporter=reporter, reviewer=reviewer, now=now)
            created.append(model(**{field_name: subject}, status=status, narrative=narrative, **review))
    bulk_create_with_history(created, model, default_change_reason="seed_demo")
    return created


def seed_progress(*, reporters: dict[int, User], reviewers: dict[int, User]) -> int:
    """Demo progress for the demo years of the tasks and key projects of the demo reporters' units; the
    number created."""
    units = list(reporters)
    tasks = (
        Task.objects.filter(responsibilities__unit__in=units, section__chapter__plan__is_synthetic=False)
        .distinct()
        .select_related("section__chapter__plan")
        .prefetch_related("responsibilities")
        .order_by("pk")
    )
    projects = (
        KeyProject.objects.filter(units__in=units, box__plan__is_synthetic=False)
        .distinct()
        .select_related("box__plan")
        .prefetch_related("units")
        .order_by("pk")
    )
    now = timezone.now()
    task_records = _progress_records(
        TaskProgress,
        # A task is reported by its lead unit where that unit has a demo account.
        [
            (
                task,
                task.section.chapter.plan,
                f"{task.section.chapter.number}.{task.section.number}.{task.order}",
                [r.unit_id for r in sorted(task.responsibilities.all(), key=_lead_first)],
            )
            for task in tasks
        ],
        reporters=reporters,
        reviewers=reviewers,
        now=now,
    )
    project_records = _progress_records(
        ProjectProgress,
        [
            (
                project,
                project.box.plan,
                f"{project.box.number}.{project.seq}",
                [u.pk for u in project.units.all()],
            )
            for project in projects
        ],
        reporters=reporters,
        reviewers=reviewers,
        now=now,
    )
    return len(task_records) + len(project_records)


def _lead_first(responsibility):
    return (responsibility.role != TaskResponsibility.Role.LEAD, responsibility.order)


OPEN_ROUND_DAYS = 30


def round_years() -> tuple[list[int], int]:
    """(closed, open) years of the demo's reporting rounds: the year being reported now is open (2025
    in late 2026), the plans' years before it are closed."""
    open_year = reporting_year()
    first = Plan.objects.real().aggregate(first=Min("start_year"))["first"]
    return list(range(first, open_year)) if first is not None else [], open_year


def seed_rounds(admin) -> int:
    """Rounds for every plan (no jurisdiction named) where the year has none; the number created. A new
    open round notifies its reporters, as one opened in the admin does, due in a month. Existing rounds
    are left alone, and closed ones do not touch the demo records (written above without the services)."""
    from entry.cycle import round_opened_notify
    from rounds.models import ReportingRound

    existing = set(ReportingRound.objects.values_list("year", flat=True))
    today = timezone.localdate()
    closed, open_year = round_years()
    created = 0
    for year in (*closed, open_year):
        if year in existing:
            continue
        is_open = year == open_year
        due = today + datetime.timedelta(days=OPEN_ROUND_DAYS) if is_open else datetime.date(year + 1, 3, 31)
        round_ = ReportingRound.objects.create(
            year=year,
            due_date=due,
            review_due_date=due + datetime.timedelta(days=30),
            state=ReportingRound.State.OPEN if is_open else ReportingRound.State.CLOSED,
            opened_by=admin,
            opened_at=timezone.now() if is_open else timezone.make_aware(datetime.datetime(year + 1, 1, 5)),
            closed_at=None if is_open else timezone.make_aware(datetime.datetime(year + 1, 5, 31)),
        )
        if is_open:
            round_opened_notify(round_=round_)
        created += 1
    return created


@transaction.atomic
def seed_demo() -> SeedReport:
    report = SeedReport()
    users = [user for spec in ACCOUNTS if (user := _account(spec, report))]
    admin = _admin()
    report.accounts.append("admin")
    reporters = {
        unit.pk: user for user in users if user.role == User.Role.REPORTER for unit in user.units.all()
    }
    reviewers = {user.jurisdiction_id: user for user in users if user.role == User.Role.REVIEWER}
    report.values_created = seed_values(reporters=reporters, reviewers=reviewers)
    report.progress_created = seed_progress(reporters=reporters, reviewers=reviewers)
    report.rounds_created = seed_rounds(admin)
    return report
