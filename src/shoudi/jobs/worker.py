"""The worker process: django_tasks_db's worker loop, made sturdy.

- Nothing a task does ends the process: a task's exception, or an error while recording its result (a locked
  or broken database), is logged and the loop goes on after a pause.
- While it runs, a thread writes a heartbeat (``WorkerBeat``) every few seconds on its own connection.
- At start and then every minute it recovers jobs whose worker died (``jobs_recover``).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.db import close_old_connections, connection
from django_tasks_db.management.commands.db_worker import Worker

from shoudi.jobs.services import jobs_recover, worker_beat, worker_name

logger = logging.getLogger(__name__)
BEAT_SECONDS = 10.0
RECOVER_SECONDS = 60.0
PAUSE_AFTER_ERROR = 5.0


class Heartbeat(threading.Thread):
    def __init__(self, name: str, interval: float = BEAT_SECONDS) -> None:
        super().__init__(name="shoudi-heartbeat", daemon=True)
        self.worker, self.interval = name, interval
        self.stopping = threading.Event()

    def run(self) -> None:
        if connection.vendor == "sqlite" and connection.is_in_memory_db():  # type: ignore[attr-defined]
            return  # a database in memory lives in this process only: nobody else could read a heartbeat
        while not self.stopping.is_set():
            try:
                worker_beat(self.worker)
            except Exception:  # a busy database delays a beat; the next one will do
                logger.debug("heartbeat of %s not written", self.worker, exc_info=True)
            finally:
                connection.close()
            self.stopping.wait(self.interval)

    def stop(self) -> None:
        self.stopping.set()


class SturdyWorker(Worker):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._recovered_at = 0.0

    def recover(self) -> None:
        if time.monotonic() - self._recovered_at < RECOVER_SECONDS:
            return
        self._recovered_at = time.monotonic()
        try:
            for job in jobs_recover():
                logger.warning("recovered job %s → %s", job.pk, job.status)
        except Exception:
            logger.exception("could not recover interrupted jobs")

    def run_task(self, db_task_result: Any) -> None:
        try:
            super().run_task(db_task_result)
        except Exception:  # set_failed itself failed (the database): the job is left to jobs_recover
            logger.exception("task %s: its result could not be recorded", getattr(db_task_result, "id", "?"))
            close_old_connections()
        self.recover()

    def run(self) -> None:
        beat = Heartbeat(worker_name())
        beat.start()
        try:
            while self.running:
                self.recover()
                try:
                    super().run()
                    return  # batch drained or max tasks reached
                except Exception:
                    logger.exception("worker loop failed; going on in %.0f s", PAUSE_AFTER_ERROR)
                    close_old_connections()
                    time.sleep(PAUSE_AFTER_ERROR)
        finally:
            beat.stop()
