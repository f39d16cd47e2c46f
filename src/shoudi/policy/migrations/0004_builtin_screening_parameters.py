"""Load the built-in parameters again, for databases migrated before the screening values
(``disaster_loss_threshold`` and the national ``rural_disposable_income``) were added to
policy/data/builtin.json. Idempotent (get_or_create)."""

from django.db import migrations


def load(apps, schema_editor):
    from shoudi.policy.services import apply_builtin

    apply_builtin(apps.get_model("policy", "Parameter"))


class Migration(migrations.Migration):
    dependencies = [("policy", "0003_builtin_project_asset_parameters")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
