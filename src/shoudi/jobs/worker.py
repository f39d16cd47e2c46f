"""The worker process: django_tasks_db's worker loop, made sturdy.

- Nothing a task does ends the process: a task's exception, or an error while recording its result (a locked
  or broken database), is logged and the loop goes on after a pause.
- While it runs, a thread writes a heartbeat (``WorkerBeat``) every 10 s on its own connection.
- When it starts (before taking any task), and then every 15 s from the heartbeat thread — also while a long
  task runs or the queue is idle — it recovers jobs whose worker died (``jobs_recover``): a dead worker of this
  machine is seen at once (its pid is gone), one of another machine after 45 s without a heartbeat, so its
  job is queued again or failed within a minute.
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
RECOVER_SECONDS = 15.0
PAUSE_AFTER_ERROR = 5.0


def recover() -> None:
    try:
        for job in jobs_recover():
            logger.warning("recovered job %s → %s", job.pk, job.status)
    except Exception:
        logger.exception("could not recover interrupted jobs")


class Heartbeat(threading.Thread):
    def __init__(self, name: str, interval: float = BEAT_SECONDS, recover_every: float = RECOVER_SECONDS) -> None:
        super().__init__(name="shoudi-heartbeat", daemon=True)
        self.worker, self.interval, self.recover_every = name, interval, recover_every
        self.stopping = threading.Event()
        self._recovered_at = time.monotonic()  # the worker itself recovers once as it starts

    def run(self) -> None:
        if connection.vendor == "sqlite" and connection.is_in_memory_db():  # type: ignore[attr-defined]
            return  # a database in memory lives in this process only: nobody else could read a heartbeat
        while not self.stopping.is_set():
            try:
                worker_beat(self.worker)
                if time.monotonic() - self._recovered_at >= self.recover_every:
                    self._recovered_at = time.monotonic()
                    recover()
            except Exception:  # a busy database delays a beat; the next one will do
                logger.debug("heartbeat of %s not written", self.worker, exc_info=True)
            finally:
                connection.close()
            self.stopping.wait(min(self.interval, self.recover_every))

    def stop(self) -> None:
        self.stopping.set()


class SturdyWorker(Worker):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._recovered_at = 0.0

    def recover(self) -> None:
        """In this thread: at start, and between tasks when the heartbeat thread cannot (a database in memory)."""
        if time.monotonic() - self._recovered_at < RECOVER_SECONDS:
            return
        self._recovered_at = time.monotonic()
        recover()

    def run_task(self, db_task_result: Any) -> None:
        try:
            super().run_task(db_task_result)
        except Exception:  # set_failed itself failed (the database): the job is left to jobs_recover
            logger.exception("task %s: its result could not be recorded", getattr(db_task_result, "id", "?"))
            close_old_connections()
        self.recover()

    def run(self) -> None:
        self.recover()  # before the first task: jobs left running by a worker that died while none ran
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
