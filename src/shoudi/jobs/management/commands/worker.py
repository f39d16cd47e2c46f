"""``shoudi worker``: run queued background jobs (django-tasks database backend) in a worker that survives any
task's failure, writes a heartbeat and recovers jobs of workers that died. Same options as django_tasks_db's
``db_worker`` (``--batch`` to drain the queue and exit, ``--interval``, ``--max-tasks``…).

Jobs run long statements on purpose (a province's screening): the worker's connections get
``SHOUDI_WORKER_STATEMENT_TIMEOUT`` and ``SHOUDI_WORKER_LOCK_TIMEOUT`` instead of the web's limits."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from shoudi.core.dbtimeouts import session_timeouts
from shoudi.jobs.worker import SturdyWorker


class Command(DbWorkerCommand):
    help = "运行后台任务（导入、导出、部门数据、筛查、报表、数据质量检查）；--batch 处理完队列后退出"

    def handle(self, *args: Any, **options: Any) -> None:
        stop_limits = session_timeouts(statement=settings.WORKER_STATEMENT_TIMEOUT, lock=settings.WORKER_LOCK_TIMEOUT)
        original = db_worker.Worker
        db_worker.Worker = SturdyWorker  # type: ignore[misc]
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original  # type: ignore[misc]
            stop_limits()
