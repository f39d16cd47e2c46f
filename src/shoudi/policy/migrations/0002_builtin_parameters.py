"""The built-in parameters (policy/data/builtin.json): defaults at region 00, Guizhou 2021 and the values of
national-practice.md §2. Idempotent; ``shoudi policy load --builtin`` loads the same file with audit."""

from django.db import migrations


def load(apps, schema_editor):
    from shoudi.policy.services import apply_builtin

    apply_builtin(apps.get_model("policy", "Parameter"))


class Migration(migrations.Migration):
    dependencies = [("policy", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
