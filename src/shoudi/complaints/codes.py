"""Code lists of 投诉举报 (12317 and 社会监督): where a complaint came from, what it is about, where it stands and
what the check found. Labels are what the county's own 12317 ledgers say."""

from __future__ import annotations

from django.db import models

from shoudi.monitoring.codes import Channel


class Source(models.TextChoices):
    HOTLINE = "hotline", "12317热线"
    LETTER = "letter", "来信"
    VISIT = "visit", "来访"
    ONLINE = "online", "网上提交"
    OTHER = "other", "其他"


class Kind(models.TextChoices):
    DIFFICULTY = "difficulty", "反映困难（求助）"
    MISCONDUCT = "misconduct", "举报问题（优亲厚友、虚报冒领、截留挪用等）"
    POLICY = "policy", "投诉政策落实（帮扶措施不到位等）"
    SUGGESTION = "suggestion", "意见建议"
    INQUIRY = "inquiry", "政策咨询"


class Status(models.TextChoices):
    PENDING = "pending", "待办理"
    IN_PROGRESS = "in_progress", "办理中"
    CLOSED = "closed", "已办结"


OPEN_STATUSES = frozenset({Status.PENDING, Status.IN_PROGRESS})


class Outcome(models.TextChoices):
    """核查结果: a report is found true, partly true or untrue; a question or request is answered."""

    TRUE = "true", "属实"
    PARTLY = "partly", "部分属实"
    FALSE = "false", "不属实"
    ANSWERED = "answered", "已解答"


# The discovery channels a complaint may become a risk lead by (monitoring's code list): the household's own
# call or letter about its difficulty is 农户自主申报 (national-practice.md §4 names the 12317 hotline among its
# ways); a third party's report is 信访; a report picked up from the press or the internet is 媒体.
LEAD_CHANNELS = (Channel.APPLICATION, Channel.PETITION, Channel.MEDIA)


def default_lead_channel(kind: str) -> str:
    return Channel.APPLICATION if kind == Kind.DIFFICULTY else Channel.PETITION
