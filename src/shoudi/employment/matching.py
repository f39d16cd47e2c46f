"""Matching (精准匹配): a score for each (person, opening) of a county, with its Chinese reasons.

The score adds up, per person, over the county's labour pool (``matching_pool``, numpy arrays):

- skills: the share of the opening's 技能要求 tokens the person holds (技能特长 and 职业资格证书), ``SKILL`` at most;
- wishes: 求职意向 found in the 岗位名称 or the other way round (``KIND``), 意向务工地点 = the opening's place
  (``WISH_PLACE``), the opening's pay reaching 期望月收入 (``PAY``);
- distance: an in-county opening worked in the person's township (``TOWNSHIP``) or elsewhere in the county
  (``COUNTY``); for openings outside the county (省内县外, 省外, 东部协作城市) the person's 意向务工地点 decides
  (``FAR_WISHED`` when it is that place);
- household need: an open monitoring case, a low-income layer held, a 脱贫户 (``NEED``);
- not at work (``UNEMPLOYED``) and 有就业意愿 recorded (``WILLING``).

Not a candidate at all: older than the opening's 年龄上限, or recorded as having no wish to work (有就业意愿 off).
Ties keep the pool's order (by person id), so the ranking is the same on every call."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from shoudi.employment import codes
from shoudi.employment.matching_pool import (
    NEED_FORMER_POOR,
    NEED_LOW_INCOME,
    NEED_MONITORED,
    Pool,
    place_code,
    tokens,
)
from shoudi.employment.models import Opening

SKILL, KIND, WISH_PLACE, PAY = 30.0, 12.0, 8.0, 5.0
TOWNSHIP, COUNTY, FAR_WISHED = 15.0, 8.0, 15.0
NEED = {NEED_MONITORED: 20.0, NEED_LOW_INCOME: 14.0, NEED_FORMER_POOR: 8.0}
NEED_TEXT = {NEED_MONITORED: "监测对象优先", NEED_LOW_INCOME: "低收入人口优先", NEED_FORMER_POOR: "脱贫户优先"}
UNEMPLOYED, WILLING = 10.0, 5.0
IN_COUNTY = place_code(codes.WorkPlace.IN_COUNTY)
EXCLUDED = -1.0


@dataclass(frozen=True)
class Features:
    """What the matching reads of an opening."""

    id: uuid.UUID | None
    title: str
    tokens: tuple[str, ...]
    place: int
    township: int  # 0: not given
    pay: float  # the most it pays (pay_max, else pay_min); nan when not given
    age_max: int  # 0: no limit

    @classmethod
    def of(cls, opening: Opening) -> Features:
        pay = opening.pay_max if opening.pay_max is not None else opening.pay_min
        return cls(
            id=opening.pk,
            title=opening.title.lower(),
            tokens=tokens(opening.skills),
            place=place_code(opening.place),
            township=int(opening.workplace_id) if opening.workplace_id else 0,
            pay=float(pay) if pay is not None else math.nan,
            age_max=int(opening.age_max or 0),
        )


@dataclass
class Parts:
    """The components of the scores of ``rows`` (indices into the pool)."""

    rows: np.ndarray
    skill_hits: np.ndarray
    kind_ok: np.ndarray
    place_ok: np.ndarray
    pay_ok: np.ndarray
    distance: np.ndarray  # 2 same township, 1 same county, 0 elsewhere
    score: np.ndarray


def _kind_table(pool: Pool, title: str) -> np.ndarray:
    """Per wish_kind code (and -1 last): the wish is found in the title or the title in the wish."""
    table = np.zeros(len(pool.kinds) + 1, dtype=bool)
    for code, kind in enumerate(pool.kinds):
        wish = kind.lower()
        table[code] = bool(wish) and (wish in title or title in wish)
    return table


def _skill_hits(pool: Pool, feat: Features, rows: np.ndarray) -> np.ndarray:
    """How many of the opening's skill tokens each person of ``rows`` holds."""
    if len(rows) <= 64:  # a few persons: their own tokens
        wanted = set(feat.tokens)
        return np.asarray([len(wanted.intersection(pool.person_skills.get(int(i), ()))) for i in rows], np.int16)
    hits = np.zeros(pool.size, dtype=np.int16)
    for token in feat.tokens:
        holders = pool.skills.get(token)
        if holders is not None:
            hits[holders] += 1
    return hits[rows]


def parts(pool: Pool, feat: Features, rows: np.ndarray | None = None) -> Parts:
    """Score every person of ``rows`` (default: the whole pool) for the opening ``feat``; excluded persons
    score ``EXCLUDED``."""
    if rows is None:
        rows = np.arange(pool.size, dtype=np.int64)
    hits = _skill_hits(pool, feat, rows)
    score = np.zeros(len(rows), dtype=np.float32)
    if feat.tokens:
        score += SKILL * hits / len(feat.tokens)
    kind_ok = _kind_table(pool, feat.title)[pool.wish_kind[rows]]
    score += KIND * kind_ok
    wish_place = pool.wish_place[rows]
    place_ok = wish_place == feat.place
    score += WISH_PLACE * place_ok
    wish_pay = pool.wish_pay[rows]
    pay_ok = ~np.isnan(wish_pay) & (feat.pay >= wish_pay) if not math.isnan(feat.pay) else np.zeros(len(rows), bool)
    score += PAY * pay_ok
    if feat.place == IN_COUNTY:
        same = pool.township[rows] == feat.township if feat.township else np.zeros(len(rows), dtype=bool)
        distance = np.where(same, 2, 1).astype(np.int8)
        score += np.where(same, TOWNSHIP, COUNTY).astype(np.float32)
    else:
        distance = np.zeros(len(rows), dtype=np.int8)
        score += FAR_WISHED * place_ok
    need = pool.need[rows]
    for level, points in NEED.items():
        score += points * (need == level)
    score += UNEMPLOYED * ~pool.at_work[rows]
    willing = pool.willing[rows]
    score += WILLING * (willing == 1)
    excluded = willing == -1
    if feat.age_max:
        excluded |= pool.age[rows] > feat.age_max
    score[excluded] = EXCLUDED
    return Parts(rows, hits, kind_ok, place_ok, pay_ok, distance, score)


def reasons(pool: Pool, feat: Features, p: Parts, k: int) -> str:
    """The Chinese reasons of the k-th row of ``p``."""
    return reasons_of(pool, feat, int(p.rows[k]))


def reasons_of(pool: Pool, feat: Features, i: int) -> str:
    """The Chinese reasons of person ``i`` for ``feat``: 技能匹配：电焊；同乡镇；监测对象优先；未就业."""
    said: list[str] = []
    if feat.tokens:
        held = pool.person_skills.get(i, ())
        hit = [t for t in feat.tokens if t in held]
        if hit:
            said.append("技能匹配：" + "、".join(hit))
    code = int(pool.wish_kind[i])
    if code >= 0:
        wish = pool.kinds[code].lower()
        if wish and (wish in feat.title or feat.title in wish):
            said.append("求职意向相符")
    place_ok = int(pool.wish_place[i]) == feat.place
    if feat.place == IN_COUNTY:
        said.append("同乡镇" if feat.township and int(pool.township[i]) == feat.township else "县内")
        if place_ok:
            said.append("愿在县内就业")
    elif place_ok:
        said.append("意向务工地点相符")
    wish_pay = float(pool.wish_pay[i])
    if not math.isnan(wish_pay) and not math.isnan(feat.pay) and feat.pay >= wish_pay:
        said.append("薪酬达到期望")
    need = int(pool.need[i])
    if need in NEED_TEXT:
        said.append(NEED_TEXT[need])
    said.append("已就业" if pool.at_work[i] else "未就业")
    if pool.willing[i] == 1:
        said.append("有就业意愿")
    return "；".join(said)[:300]


@dataclass(frozen=True)
class Match:
    index: int  # in the pool
    person_id: uuid.UUID
    score: Decimal
    reasons: str


def top(pool: Pool, feat: Features, n: int, *, within: str = "") -> list[Match]:
    """The ``n`` best candidates of the pool for ``feat`` (only persons of the area ``within``, when given)."""
    if pool.size == 0 or n <= 0:
        return []
    p = parts(pool, feat)
    score = p.score.copy()
    if within and within != pool.county:
        score[~pool.area_mask(within)] = EXCLUDED
    eligible = int(np.count_nonzero(score > EXCLUDED))
    n = min(n, eligible)
    if n == 0:
        return []
    best = np.argpartition(-score, n - 1)[:n]
    best = best[np.lexsort((best, -score[best]))]  # by score, ties by pool order
    return [
        Match(int(i), pool.person_id(int(i)), _decimal(score[int(i)]), reasons(pool, feat, p, int(i))) for i in best[:n]
    ]


def _decimal(value: float) -> Decimal:
    return Decimal(f"{max(0.0, float(value)):.2f}")


def one(pool: Pool, feat: Features, person_id: uuid.UUID) -> Match | None:
    """The score of one person (None when the person is not in the pool or not a candidate)."""
    i = pool.position(person_id)
    if i is None:
        return None
    p = parts(pool, feat, np.asarray([i], dtype=np.int64))
    if p.score[0] <= EXCLUDED:
        return None
    return Match(i, person_id, _decimal(p.score[0]), reasons(pool, feat, p, 0))


def for_person(pool: Pool, person_id: uuid.UUID, openings: list[Opening], n: int) -> list[tuple[Opening, Match]]:
    """The ``n`` best of ``openings`` for one person of the pool, best first."""
    found = [(o, one(pool, Features.of(o), person_id)) for o in openings]
    ranked = sorted(((o, m) for o, m in found if m is not None), key=lambda om: (-om[1].score, om[0].opens_on))
    return ranked[:n]


@dataclass(frozen=True)
class Pair:
    person: int  # pool index
    opening: int  # index into the openings given
    score: float


def batch(
    pool: Pool, feats: list[Features], *, per_person: int = 3, per_opening: int = 0, min_score: float = 0.0
) -> list[Pair]:
    """For every person of the pool not at work (and not recorded as unwilling): the ``per_person`` best
    openings scoring at least ``min_score``; each opening keeps its ``per_opening`` best (0: no limit)."""
    targets = np.flatnonzero(~pool.at_work & (pool.willing != -1)).astype(np.int64)
    if len(targets) == 0 or not feats or per_person <= 0:
        return []
    matrix = np.empty((len(feats), len(targets)), dtype=np.float32)
    for o, feat in enumerate(feats):
        matrix[o] = parts(pool, feat, targets).score
    k = min(per_person, len(feats))
    if k < len(feats):
        best = np.argpartition(-matrix, k - 1, axis=0)[:k]
    else:
        best = np.repeat(np.arange(len(feats))[:, None], len(targets), axis=1)
    cols = np.broadcast_to(np.arange(len(targets)), best.shape)
    scores = matrix[best, cols]
    keep = scores >= max(min_score, EXCLUDED + 1e-3)
    o_idx, t_idx, s = best[keep], cols[keep], scores[keep]
    if per_opening > 0 and len(o_idx):
        order = np.lexsort((-s, o_idx))
        o_sorted = o_idx[order]
        starts = np.searchsorted(o_sorted, o_sorted, side="left")
        rank = np.arange(len(o_sorted)) - starts
        chosen = order[rank < per_opening]
        o_idx, t_idx, s = o_idx[chosen], t_idx[chosen], s[chosen]
    return [Pair(int(targets[t]), int(o), float(v)) for o, t, v in zip(o_idx, t_idx, s, strict=True)]


def today_open(opening: Opening, today: dt.date) -> bool:
    """The opening takes candidates: 招聘中, published, not past its 截止日期."""
    return (
        opening.status == codes.OpeningStatus.OPEN
        and opening.opens_on <= today
        and (opening.closes_on is None or opening.closes_on >= today)
    )
