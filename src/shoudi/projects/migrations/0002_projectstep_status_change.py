"""ProjectStep takes the shared status-change shape (core.models.StatusChange): ``opinion`` becomes ``reason``
(kept), each row gets its step ``label`` and business date ``on`` (filled from the recorded time), and a
``payload``; the notice period stays in its two columns. Projects get a ``version`` for optimistic locking."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

LABELS = {
    "submit": "村级申报",
    "submit_to_county": "乡/县级申报",
    "review": "乡镇审核",
    "return_to_village": "乡镇退回",
    "decide": "县级审定入库",
    "return_from_county": "县级退回",
    "plan": "纳入年度计划",
    "unplan": "调出年度计划",
    "start": "开工实施",
    "complete": "完工",
    "accept": "竣工验收",
    "reject_acceptance": "验收不通过",
    "evaluate": "绩效评价",
    "exit": "出库",
}


def fill(apps, schema_editor):
    ProjectStep = apps.get_model("projects", "ProjectStep")
    batch = []
    for step in ProjectStep.objects.all().only("id", "action", "at").iterator(chunk_size=2000):
        step.label = LABELS.get(step.action, step.action)[:50]
        step.on = timezone.localtime(step.at).date() if step.at else timezone.localdate()
        batch.append(step)
        if len(batch) >= 2000:
            ProjectStep.objects.bulk_update(batch, ["label", "on"])
            batch = []
    if batch:
        ProjectStep.objects.bulk_update(batch, ["label", "on"])


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="project",
            name="version",
            field=models.PositiveIntegerField(default=0, verbose_name="版本"),
        ),
        migrations.RenameField(model_name="projectstep", old_name="opinion", new_name="reason"),
        migrations.AlterField(
            model_name="projectstep",
            name="reason",
            field=models.TextField(blank=True, verbose_name="原因/意见"),
        ),
        migrations.AddField(
            model_name="projectstep",
            name="label",
            field=models.CharField(default="", max_length=50, verbose_name="环节名称"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="projectstep",
            name="on",
            field=models.DateField(null=True, verbose_name="办理日期"),
        ),
        migrations.AddField(
            model_name="projectstep",
            name="payload",
            field=models.JSONField(blank=True, default=dict, verbose_name="办理内容"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
