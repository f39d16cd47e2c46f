"""CaseTransition takes the one status-change row shape (core.models.StatusChange): the frozen assessment
``assessment`` becomes ``snapshot`` (kept, row by row; rows that froze nothing get ``{}``), and the status
columns lose their own choices (labels come from monitoring.codes)."""

from django.db import migrations, models


def empty_snapshots(apps, schema_editor):
    CaseTransition = apps.get_model("monitoring", "CaseTransition")
    CaseTransition.objects.filter(snapshot__isnull=True).update(snapshot={})


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0002_lead_rule"),
    ]

    operations = [
        migrations.RenameField(model_name="casetransition", old_name="assessment", new_name="snapshot"),
        migrations.RunPython(empty_snapshots, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="casetransition",
            name="snapshot",
            field=models.JSONField(blank=True, default=dict, verbose_name="办理时快照"),
        ),
        migrations.AlterField(
            model_name="casetransition",
            name="from_status",
            field=models.CharField(blank=True, max_length=20, verbose_name="原状态"),
        ),
        migrations.AlterField(
            model_name="casetransition",
            name="to_status",
            field=models.CharField(max_length=20, verbose_name="新状态"),
        ),
    ]
