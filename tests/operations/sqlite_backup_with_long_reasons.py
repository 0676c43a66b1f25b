"""A SQLite database (as `make run` keeps) whose records were returned and reopened with long reasons,
backed up: run as a script with DATABASE_URL pointing at a fresh SQLite file and the backup's path as
its argument (by tests/operations/test_backup_across_databases.py)."""

import sys

REASON = "退回：" + "数据来源与监测站年报不一致，请核对并补充佐证材料。" * 8  # 200 characters


def main(path):
    import django

    django.setup()
    from django.core.management import call_command

    from accounts.models import User
    from indicators import services
    from tests.factories import IndicatorFactory, PlanFactory, UnitFactory, UserFactory

    call_command("migrate", verbosity=0)
    unit = UnitFactory()
    plan = PlanFactory(jurisdiction=unit.jurisdiction)
    indicator = IndicatorFactory(plan=plan, pm25=True)
    indicator.units.add(unit)
    reporter = UserFactory(units=[unit])
    reviewer = UserFactory(role=User.Role.REVIEWER, jurisdiction=unit.jurisdiction)
    value = services.value_save(user=reporter, indicator=indicator, year=2022, value="38")
    value = services.record_submit(user=reporter, record=value)
    services.record_return(user=reviewer, record=value, reason=REASON)
    call_command("backup_data", path, verbosity=0)


if __name__ == "__main__":
    main(sys.argv[1])
