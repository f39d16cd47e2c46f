"""Who may stand beside whom: the staff of a village (cadres of the village, its township and county), for the
second person who confirms an elimination's home check and for the helper cadre of a case."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from shoudi.accounts.models import User
from shoudi.accounts.roles import Role
from shoudi.core.access import code_in_user_area, in_area

NOT_FIELD_STAFF = (Role.DEPT_CLERK, Role.LEADER, Role.ADMIN)


def field_staff(village_code: str, *, limit: int = 300) -> list[User]:
    """Active users whose area contains the village and whose role works on households (not clerks, leaders,
    administrators), by name."""
    qs: QuerySet[User] = User.objects.filter(in_area("area_id", village_code[:6]), is_active=True).exclude(
        role__in=NOT_FIELD_STAFF
    )
    return [u for u in qs.order_by("full_name", "username")[:limit] if code_in_user_area(u, village_code)]


def co_checker(by: Any, village_code: str, username: str) -> User:
    """The second staff member who confirms a home check: another active field staff member of the village."""
    if not username:
        raise ValidationError({"second_checker": "风险消除须由两名工作人员共同入户核实，请选择共同核实人"})
    if username == getattr(by, "username", None):
        raise ValidationError({"second_checker": "共同核实人须为办理人以外的另一名工作人员"})
    found = next((u for u in field_staff(village_code) if u.username == username), None)
    if found is None:
        raise ValidationError({"second_checker": f"“{username}”不是该村的在岗工作人员，不能作为共同核实人"})
    return found
