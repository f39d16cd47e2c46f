"""Code lists of the 积分制 / 家庭文明档案 (seed 004: 红榜 good deeds, 黄榜 uncivil acts cleared by correction,
黑榜 illegal acts; rules voted by the 村民代表大会; entries confirmed at the quarterly review by village
representatives)."""

from __future__ import annotations

from django.db import models


class Kind(models.TextChoices):
    RED = "red", "红榜"
    YELLOW = "yellow", "黄榜"
    BLACK = "black", "黑榜"


# Yellow and black records: seen only by the council of the household's village and in the household's own copy.
HIDDEN_KINDS = (Kind.YELLOW, Kind.BLACK)


class RuleBookStatus(models.TextChoices):
    DRAFT = "draft", "草案"
    ADOPTED = "adopted", "现行"
    SUPERSEDED = "superseded", "已废止"


class EntryStatus(models.TextChoices):
    PROPOSED = "proposed", "待评议"
    CONFIRMED = "confirmed", "已认可"
    REJECTED = "rejected", "未认可"
    CLEARING = "clearing", "整改待评议"
    CLEARED = "cleared", "已消除"


# The entries whose points count: confirmed (a yellow record awaiting its clearing still counts until the review
# confirms the correction; a cleared one no longer does — seed 004「黄榜可以靠改正行为来消除」).
COUNTING = (EntryStatus.CONFIRMED, EntryStatus.CLEARING)


class Decision(models.TextChoices):
    CONFIRM = "confirm", "认可"
    REJECT = "reject", "不认可"


class ReviewStatus(models.TextChoices):
    OPEN = "open", "评议中"
    CLOSED = "closed", "已结束"


QUARTERS = [(1, "第一季度"), (2, "第二季度"), (3, "第三季度"), (4, "第四季度")]
