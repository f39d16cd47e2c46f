"""ApprovalStep takes the one status-change row shape (core.models.StatusChange): action_label → label and
opinion → reason are renamed (data kept), the business date ``on`` is filled from the time each step was
recorded, and ``payload`` starts empty. Import batches get their job and the states a job passes through."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def fill_on(apps, schema_editor):
    ApprovalStep = apps.get_model("assets", "ApprovalStep")
    batch = []
    for step in ApprovalStep.objects.only("id", "at").iterator(chunk_size=2000):
        step.on = timezone.localdate(step.at) if step.at else timezone.localdate()
        batch.append(step)
        if len(batch) >= 2000:
            ApprovalStep.objects.bulk_update(batch, ["on"])
            batch = []
    if batch:
        ApprovalStep.objects.bulk_update(batch, ["on"])


class Migration(migrations.Migration):
    dependencies = [
        ("assets", "0002_initial"),
        ("jobs", "0003_job_attempts_worker_and_kinds"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="approvalstep", old_name="action_label", new_name="label"),
        migrations.RenameField(model_name="approvalstep", old_name="opinion", new_name="reason"),
        migrations.AddField(
            model_name="approvalstep",
            name="on",
            field=models.DateField(null=True, verbose_name="办理日期"),
        ),
        migrations.RunPython(fill_on, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="approvalstep",
            name="on",
            field=models.DateField(verbose_name="办理日期"),
        ),
        migrations.AddField(
            model_name="approvalstep",
            name="payload",
            field=models.JSONField(blank=True, default=dict, verbose_name="办理内容"),
        ),
        migrations.AlterField(
            model_name="approvalstep",
            name="label",
            field=models.CharField(max_length=50, verbose_name="环节名称"),
        ),
        migrations.AlterField(
            model_name="approvalstep",
            name="reason",
            field=models.TextField(blank=True, verbose_name="原因/意见"),
        ),
        migrations.AlterField(
            model_name="approvalstep",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="办理人",
            ),
        ),
        migrations.AlterField(
            model_name="approvalstep",
            name="actor_name",
            field=models.CharField(blank=True, max_length=150, verbose_name="办理人姓名"),
        ),
        migrations.AlterField(
            model_name="approvalstep",
            name="at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="记录时间"),
        ),
        migrations.AlterField(
            model_name="approvalstep",
            name="from_status",
            field=models.CharField(blank=True, max_length=20, verbose_name="原状态"),
        ),
        migrations.AlterField(
            model_name="approvalstep",
            name="snapshot",
            field=models.JSONField(blank=True, default=dict, verbose_name="办理时快照"),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="job",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="jobs.job",
                verbose_name="后台任务",
            ),
        ),
        migrations.AlterField(
            model_name="importbatch",
            name="status",
            field=models.CharField(
                choices=[
                    ("checking", "正在检查"),
                    ("staged", "待确认导入"),
                    ("invalid", "有错误"),
                    ("applying", "正在导入"),
                    ("applied", "已导入"),
                ],
                default="checking",
                max_length=10,
                verbose_name="状态",
            ),
        ),
    ]
