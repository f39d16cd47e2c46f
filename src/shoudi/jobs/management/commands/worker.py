"""``shoudi worker``: run queued background jobs (django-tasks database backend). Same options as
django_tasks_db's ``db_worker`` (``--batch`` to drain the queue and exit, ``--interval``, ``--max-tasks``…)."""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand


class Command(DbWorkerCommand):
    help = "运行后台任务（导入、导出、筛查）；--batch 处理完队列后退出"
