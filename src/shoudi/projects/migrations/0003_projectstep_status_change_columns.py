"""The second half of 0002, in its own transaction (PostgreSQL alters the table after the rows were filled):
``on`` becomes required, and the step columns take the labels of the shared status-change shape."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0002_projectstep_status_change"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="projectstep",
            name="on",
            field=models.DateField(verbose_name="办理日期"),
        ),
        migrations.AlterField(
            model_name="projectstep",
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
            model_name="projectstep",
            name="actor_name",
            field=models.CharField(blank=True, max_length=150, verbose_name="办理人姓名"),
        ),
        migrations.AlterField(
            model_name="projectstep",
            name="at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="记录时间"),
        ),
        migrations.AlterField(
            model_name="projectstep",
            name="from_status",
            field=models.CharField(blank=True, max_length=20, verbose_name="原状态"),
        ),
        migrations.AlterField(
            model_name="projectstep",
            name="to_status",
            field=models.CharField(max_length=20, verbose_name="新状态"),
        ),
        migrations.AlterField(
            model_name="projectstep",
            name="snapshot",
            field=models.JSONField(blank=True, default=dict, verbose_name="办理时快照"),
        ),
    ]
