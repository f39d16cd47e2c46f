"""Background jobs (后台任务): one row per import, export, feed upload, screening run, report or quality check,
with its progress on the row. Every background path of Shoudi is a job; ``shoudi.jobs.tasks.run_job`` is the
only task the worker runs.

The task that runs a job writes ``done``/``total``/``phase`` in short autocommit updates, so the job page
can poll them while the task runs; the task's own data changes happen in a separate transaction. A worker
announces itself in ``WorkerBeat`` while it runs a job; a running job whose worker fell silent (killed,
machine rebooted) is run again or ended as failed by the next worker (``jobs.services.jobs_recover``).
"""

from __future__ import annotations

from django.db import models

from shoudi.core.models import BaseModel


class Job(BaseModel):
    class Kind(models.TextChoices):
        IMPORT_HOUSEHOLDS = "import_households", "导入农户和成员"
        EXPORT_HOUSEHOLDS = "export_households", "导出农户和成员"
        IMPORT_FEEDS = "import_feeds", "导入部门数据"
        SCREENING = "screening", "部门数据筛查预警"
        REPORT = "report", "生成报表"
        QUALITY_CHECKS = "quality_checks", "数据质量检查"
        IMPORT_ASSETS = "import_assets", "导入资产台账"
        EXPORT_ASSETS = "export_assets", "导出资产台账"
        IMPORT_INCOME = "import_income", "导入收入核算表"
        EXPORT_INCOME = "export_income", "导出收入核算表"
        PRODUCE_CHECK = "produce_check", "农副产品滞销预警检查"
        IMPORT_PRODUCE = "import_produce", "导入农产品价格产销数据"
        IMPORT_CONSUMPTION = "import_consumption", "导入消费帮扶数据"

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "运行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    class Stage(models.TextChoices):
        """Imports run twice: first validate (and show the report), then, if the user asks, apply."""

        VALIDATE = "validate", "校验"
        APPLY = "apply", "写入"
        RUN = "run", "执行"

    kind = models.CharField("任务类型", max_length=40, choices=Kind.choices)
    stage = models.CharField("阶段", max_length=20, choices=Stage.choices, default=Stage.RUN)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.QUEUED, db_index=True)
    area_code = models.CharField("所属区划", max_length=12, blank=True, db_index=True)
    params = models.JSONField("参数", default=dict, blank=True)
    phase = models.CharField("当前步骤", max_length=200, blank=True)
    done = models.PositiveIntegerField("已处理", default=0)
    total = models.PositiveIntegerField("总数", default=0)
    error = models.TextField("错误信息", blank=True)
    input_file = models.FileField("输入文件", upload_to="jobs/input/%Y/%m/", blank=True, max_length=300)
    input_name = models.CharField("输入文件名", max_length=255, blank=True)
    result_file = models.FileField("结果文件", upload_to="jobs/result/%Y/%m/", blank=True, max_length=300)
    result_name = models.CharField("结果文件名", max_length=255, blank=True)
    result = models.JSONField("结果摘要", default=dict, blank=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("已运行次数", default=0)
    max_attempts = models.PositiveSmallIntegerField("最多运行次数", default=2)
    worker = models.CharField("运行进程", max_length=100, blank=True)

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_by", "created_at"], name="job_creator_created")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.get_status_display()}）"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def running(self) -> bool:
        return self.status == self.Status.RUNNING

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, int(self.done * 100 / self.total))


class WorkerBeat(models.Model):
    """A worker process says it is alive (every few seconds while it runs a job)."""

    worker = models.CharField("运行进程", max_length=100, primary_key=True)
    job = models.ForeignKey(Job, verbose_name="当前任务", null=True, blank=True, on_delete=models.SET_NULL)
    beat_at = models.DateTimeField("最近心跳")

    class Meta:
        verbose_name = "后台进程心跳"
        verbose_name_plural = "后台进程心跳"

    def __str__(self) -> str:
        return f"{self.worker} {self.beat_at:%H:%M:%S}"
