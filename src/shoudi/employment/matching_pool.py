"""The labour pool of a county for the matching (``matching``): every working-age person able to work, loaded
once into numpy arrays and kept in this process until something it was built from changes.

Who is in the pool: members of the county's households aged ``labour_age_min``–``labour_age_max`` (policy
parameters, 16–60 built in) on the day, with labour capacity (not 丧失劳动力 / 无劳动力), not in school and not
on the public payroll (财政供养人员). Per person: village and township code, age, household need (3 open
monitoring case, 2 low-income layer held, 1 脱贫户, 0 others), at work (an open ``Work`` spell or the
registry's 务工地点), the labour profile (有就业意愿, wishes) and the skills — an inverted index from each token
of 技能特长 / 职业资格证书 to the persons holding it.

Kept valid by a generation counter in the shared cache (``bump``), raised on every save or delete of a person,
household, work spell, labour profile, low-income membership or monitoring case (signals connected by
``panels_jobs.register``), and at most ``MAX_AGE_SECONDS`` old, so bulk writes that send no signal are seen
within minutes. A new day reloads it (ages change)."""

from __future__ import annotations

import datetime as dt
import functools
import re
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.core.cache import cache
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.utils import timezone

from shoudi.core.access import in_area
from shoudi.employment import codes
from shoudi.employment.labour_force import county_labour_q
from shoudi.employment.models import LabourProfile, Work
from shoudi.lowincome.models import Membership
from shoudi.monitoring.models import Case
from shoudi.registry import codes as rcodes
from shoudi.registry.models import Person

GENERATION_KEY = "employment:pool-generation"
MAX_AGE_SECONDS = 600
MIN_FRESH_SECONDS = 60
SPLIT = re.compile(r"[、，,;；/\s]+")
SUFFIXES = ("资格证书", "资格证", "证书", "证")
PLACES = [value for value, _label in codes.PLACE_CHOICES]  # wish_place codes: index + 1, 0 = none
NEED_MONITORED, NEED_LOW_INCOME, NEED_FORMER_POOR, NEED_OTHER = 3, 2, 1, 0
FORMER_POOR = (rcodes.HouseholdStatus.FORMER_POOR, rcodes.HouseholdStatus.FORMER_POOR_NO_POLICY)


def tokens(text: str) -> tuple[str, ...]:
    """Skill tokens of a text: split on 、，,;；/ and spaces, lower-cased, a trailing 证/证书 taken off
    (焊工证 matches 焊工), each once, in order."""
    found: list[str] = []
    for raw in SPLIT.split(str(text or "")):
        token = raw.strip().lower()
        for suffix in SUFFIXES:
            if token.endswith(suffix) and len(token) > len(suffix):
                token = token[: -len(suffix)]
                break
        if token and token not in found:
            found.append(token)
    return tuple(found)


def place_code(value: str) -> int:
    return PLACES.index(value) + 1 if value in PLACES else 0


@dataclass
class Pool:
    county: str
    as_of: dt.date
    generation: int
    ids: list[str]  # person ids, 32 hex digits (uuid.UUID(hex) gives the UUID)
    village: np.ndarray  # int64 village codes
    township: np.ndarray  # int64 township codes
    age: np.ndarray  # int16
    need: np.ndarray  # int8
    at_work: np.ndarray  # bool
    has_profile: np.ndarray  # bool
    willing: np.ndarray  # int8: 1 有就业意愿, 0 no profile, -1 no wish to work
    wish_kind: np.ndarray  # int32 index into kinds, -1 none
    kinds: list[str]
    wish_place: np.ndarray  # int8, place_code
    wish_pay: np.ndarray  # float32, nan none
    skills: dict[str, np.ndarray]  # token → int32 person indices
    person_skills: dict[int, tuple[str, ...]]  # index → tokens (profiled persons only)
    loaded_at: float = field(default_factory=time.monotonic)
    index: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.index:
            self.index = {pid: i for i, pid in enumerate(self.ids)}

    def position(self, person_id: Any) -> int | None:
        """The index of a person (a UUID or its text) in the pool, or None."""
        return self.index.get(str(person_id).replace("-", ""))

    def person_id(self, i: int) -> uuid.UUID:
        return uuid.UUID(self.ids[i])

    @property
    def size(self) -> int:
        return len(self.ids)

    def area_mask(self, prefix: str) -> np.ndarray:
        """Persons whose village lies in the area ``prefix`` (a region code)."""
        if not prefix.isdigit() or len(prefix) > 12:
            return np.zeros(self.size, dtype=bool)
        lo, hi = int(prefix.ljust(12, "0")), int(prefix.ljust(12, "9"))
        return (self.village >= lo) & (self.village <= hi)


_pools: dict[str, Pool] = {}
_lock = threading.Lock()


def _key(county: str) -> str:
    return f"{GENERATION_KEY}:{county}"


def generation(county: str) -> int:
    return int(cache.get(_key(county)) or 0)


def county_of(instance: Any) -> str:
    """The county code of a saved row the pools are built from."""
    village = getattr(instance, "village_id", None)
    if village is None and getattr(instance, "household_id", None) is not None:
        from shoudi.registry.models import Household

        village = Household.objects.filter(pk=instance.household_id).values_list("village_id", flat=True).first()
    return str(village or "")[:6]


def bump(*, instance: Any = None, county: str = "", **_kwargs: Any) -> None:
    """Something the county's pool is built from changed: every process reloads that pool on next use (once it is
    ``MIN_FRESH_SECONDS`` old)."""
    county = county or county_of(instance)
    if len(county) != 6:
        return
    try:
        cache.incr(_key(county))
    except ValueError:
        cache.set(_key(county), 1, timeout=None)


def pool_for(county: str, *, today: dt.date | None = None, fresh: bool = False) -> Pool:
    """The county's pool, loaded now if this process has none, it is from another day, it is older than
    ``MAX_AGE_SECONDS``, or something changed since it was loaded and it is older than ``MIN_FRESH_SECONDS`` (a
    county edits its registry all day: a pool at most a minute behind is reloaded at most once a minute).
    ``fresh``: reload whenever something changed (a batch that writes recommendations must see every change)."""
    today = today or timezone.localdate()
    gen = generation(county)
    with _lock:
        found = _pools.get(county)
        if found is not None and found.as_of == today:
            age = time.monotonic() - found.loaded_at
            recent = age < MIN_FRESH_SECONDS and not fresh
            if age < MAX_AGE_SECONDS and (found.generation == gen or recent):
                return found
    pool = load(county, today, gen)
    with _lock:
        _pools[county] = pool
    return pool


def forget() -> None:
    """Drop every pool of this process (tests, benchmarks)."""
    with _lock:
        _pools.clear()


@functools.lru_cache(maxsize=65_536)
def _tokens_cached(text: str) -> tuple[str, ...]:
    return tokens(text)


def _ages(births: list[dt.date], on: dt.date) -> np.ndarray:
    """Whole years of age on ``on`` of each birth date (vectorised)."""
    b = np.asarray(births, dtype="datetime64[D]")
    years = b.astype("datetime64[Y]").astype(np.int64) + 1970
    month = b.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day = (b - b.astype("datetime64[M]")).astype(np.int64) + 1
    before = (on.month < month) | ((on.month == month) & (on.day < day))
    return (on.year - years - before).astype(np.int16)


def load(county: str, today: dt.date, gen: int = 0) -> Pool:
    """Read the county's pool: one query for the persons (their household's need and their open work spell as
    EXISTS columns, ids as text), one for the labour profiles."""
    monitored = Case.objects.filter(household=OuterRef("household_id"), is_open=True)
    low = Membership.objects.filter(household=OuterRef("household_id"), ended_on__isnull=True)
    working = Work.objects.filter(person=OuterRef("pk"), ended_on__isnull=True)
    qs = (
        Person.objects.filter(county_labour_q(county, today))
        .filter(public_payroll=False)
        .annotate(key=Cast("id", CharField()), m=Exists(monitored), lo=Exists(low), w=Exists(working))
        .order_by("id")
        .values_list("key", "birth_date", "work_place", "household__village_id", "household__status", "m", "lo", "w")
    )
    rows = list(qs)
    n = len(rows)
    cols: list[Any] = list(zip(*rows, strict=True)) if rows else [() for _ in range(8)]
    age = _ages(list(cols[1]), today) if n else np.zeros(0, dtype=np.int16)
    village = np.asarray(cols[3], dtype=np.int64) if n else np.zeros(0, dtype=np.int64)
    status = np.asarray([st in FORMER_POOR for st in cols[4]], dtype=bool)
    need = np.where(
        np.asarray(cols[5], dtype=bool),
        NEED_MONITORED,
        np.where(np.asarray(cols[6], dtype=bool), NEED_LOW_INCOME, np.where(status, NEED_FORMER_POOR, NEED_OTHER)),
    ).astype(np.int8)
    at_work = np.asarray([bool(wp) for wp in cols[2]], dtype=bool) | np.asarray(cols[7], dtype=bool)
    ids = [str(key).replace("-", "") for key in cols[0]]  # the query is exactly the pool (labour_force)
    index = {pid: i for i, pid in enumerate(ids)}
    has_profile = np.zeros(n, dtype=bool)
    willing = np.zeros(n, dtype=np.int8)
    wish_kind = np.full(n, -1, dtype=np.int32)
    wish_place = np.zeros(n, dtype=np.int8)
    wish_pay = np.full(n, np.nan, dtype=np.float32)
    kinds: dict[str, int] = {}
    by_token: dict[str, list[int]] = defaultdict(list)
    person_skills: dict[int, tuple[str, ...]] = {}
    profiles = (
        LabourProfile.objects.filter(in_area("village_id", county))
        .annotate(key=Cast("person_id", CharField()))
        .values_list("key", "skills", "certificates", "wish_kind", "wish_place", "wish_pay", "available")
    )
    for pid, skills, certificates, kind, place, pay, available in profiles.iterator(chunk_size=20_000):
        i = index.get(str(pid).replace("-", ""))
        if i is None:
            continue
        has_profile[i] = True
        willing[i] = 1 if available else -1
        kind = (kind or "").strip()
        if kind:
            wish_kind[i] = kinds.setdefault(kind, len(kinds))
        wish_place[i] = place_code(place)
        if pay is not None:
            wish_pay[i] = float(pay)
        held = _tokens_cached(f"{skills} {certificates}")
        if held:
            person_skills[i] = held
            for token in held:
                by_token[token].append(i)
    return Pool(
        county=county,
        as_of=today,
        generation=gen,
        ids=ids,
        index=index,
        village=village,
        township=village // 1000,
        age=age,
        need=need,
        at_work=at_work,
        has_profile=has_profile,
        willing=willing,
        wish_kind=wish_kind,
        kinds=list(kinds),
        wish_place=wish_place,
        wish_pay=wish_pay,
        skills={t: np.asarray(v, dtype=np.int32) for t, v in by_token.items()},
        person_skills=person_skills,
    )
