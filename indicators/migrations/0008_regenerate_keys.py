"""Comparison keys read again with the current rule (`indicators.keys.indicator_key`): names that
differ only in brackets, units or width now share a key."""

from django.db import migrations


def regenerate(apps, schema_editor):
    from indicators.keys import indicator_key

    Indicator = apps.get_model("indicators", "Indicator")
    changed = []
    for indicator in Indicator.objects.only("pk", "name", "key").iterator():
        key = indicator_key(indicator.name)
        if indicator.key and key != indicator.key:
            indicator.key = key
            changed.append(indicator)
    Indicator.objects.bulk_update(changed, ["key"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0007_assigned_targets_and_sources")]

    operations = [migrations.RunPython(regenerate, migrations.RunPython.noop)]
