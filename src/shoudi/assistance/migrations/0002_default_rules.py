"""The default risk → measure rules (assistance/rules.py). Idempotent; a county may edit the rows later."""

from django.db import migrations


def load(apps, schema_editor):
    from shoudi.assistance.rules import load_default_rules

    load_default_rules(apps.get_model("assistance", "RiskMeasureRule"))


class Migration(migrations.Migration):
    dependencies = [("assistance", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
