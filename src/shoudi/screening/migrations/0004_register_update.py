"""户籍变动待办 is a ``RegisterUpdate`` (not a "task": Django's tasks run the jobs), closed through the workflow
engine with one ``RegisterUpdateStep`` per closing. Existing rows, their closings and their audit entries are
kept: the table is renamed, each closed update gets the step row it would have had, and the audit log's
object type follows the model."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

LABELS = {"done": "标记为已更新", "not_applicable": "标记为不适用"}


def backfill_steps(apps, schema_editor):
    RegisterUpdate = apps.get_model("screening", "RegisterUpdate")
    Step = apps.get_model("screening", "RegisterUpdateStep")
    AuditEntry = apps.get_model("core", "AuditEntry")
    AuditEntry.objects.filter(object_type="registrytask").update(object_type="registerupdate")
    closed = RegisterUpdate.objects.exclude(status="open").select_related("closed_by")
    steps = []
    for update in closed.iterator(chunk_size=2000):
        by = update.closed_by
        steps.append(
            Step(
                register_update=update,
                action=update.status,
                label=LABELS.get(update.status, update.status),
                from_status="open",
                to_status=update.status,
                actor=by,
                actor_name=(getattr(by, "full_name", "") or getattr(by, "username", "")) if by else "系统",
                on=(update.closed_at or update.updated_at).date(),
                reason=update.note,
            )
        )
        if len(steps) >= 2000:
            Step.objects.bulk_create(steps)
            steps = []
    Step.objects.bulk_create(steps)


def restore_audit_type(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    AuditEntry.objects.filter(object_type="registerupdate").update(object_type="registrytask")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("screening", "0003_screeningrun_job"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("RegistryTask", "RegisterUpdate"),
        migrations.AlterModelOptions(
            name="registerupdate",
            options={"ordering": ["village_id", "on"], "verbose_name": "户籍变动待办", "verbose_name_plural": "户籍变动待办"},
        ),
        migrations.RenameIndex(
            model_name="registerupdate", new_name="regupdate_village_status", old_name="regtask_village_status"
        ),
        migrations.AlterField(
            model_name="registerupdate",
            name="run",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="register_updates",
                to="screening.screeningrun",
                verbose_name="筛查批次",
            ),
        ),
        migrations.RenameField("screeningrun", "tasks_created", "register_updates_created"),
        migrations.AlterField(
            model_name="screeningrun",
            name="register_updates_created",
            field=models.PositiveIntegerField(default=0, verbose_name="新建户籍变动待办"),
        ),
        migrations.CreateModel(
            name="RegisterUpdateStep",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("action", models.CharField(max_length=30, verbose_name="环节")),
                ("label", models.CharField(max_length=50, verbose_name="环节名称")),
                ("from_status", models.CharField(blank=True, max_length=20, verbose_name="原状态")),
                ("to_status", models.CharField(max_length=20, verbose_name="新状态")),
                ("actor_name", models.CharField(blank=True, max_length=150, verbose_name="办理人姓名")),
                ("at", models.DateTimeField(auto_now_add=True, verbose_name="记录时间")),
                ("on", models.DateField(verbose_name="办理日期")),
                ("reason", models.TextField(blank=True, verbose_name="原因/意见")),
                ("payload", models.JSONField(blank=True, default=dict, verbose_name="办理内容")),
                ("snapshot", models.JSONField(blank=True, default=dict, verbose_name="办理时快照")),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="办理人",
                    ),
                ),
                (
                    "register_update",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="steps",
                        to="screening.registerupdate",
                        verbose_name="户籍变动待办",
                    ),
                ),
            ],
            options={
                "verbose_name": "户籍变动待办办理记录",
                "verbose_name_plural": "户籍变动待办办理记录",
                "ordering": ["at", "id"],
                "abstract": False,
            },
        ),
        migrations.RunPython(backfill_steps, restore_audit_type),
    ]
