"""Who an import or export runs as. The command line may run without a user account (``--as`` omitted):
then a ``SystemActor`` stands in, with an explicit area and no right to see full ID numbers."""

from __future__ import annotations

from dataclasses import dataclass

from shoudi.core.access import Capability

SYSTEM_CAPABILITIES = frozenset(
    {Capability.VIEW_HOUSEHOLDS, Capability.EDIT_HOUSEHOLDS, Capability.IMPORT_HOUSEHOLDS, Capability.EXPORT_HOUSEHOLDS}
    | {Capability.IMPORT_INCOME}  # ``shoudi import/export income`` without --as
)


@dataclass(frozen=True)
class SystemActor:
    """Duck-types the parts of ``accounts.User`` the selectors and the import use. ``area_id=None`` means
    the whole country (only for imports from the command line by the server's operator)."""

    area_id: str | None = None
    display_name: str = "命令行（系统）"
    username: str = "system"
    pk: None = None
    is_authenticated: bool = True
    is_active: bool = True

    def can(self, capability: Capability) -> bool:
        return capability in SYSTEM_CAPABILITIES


def in_scope(actor: object, code: str) -> bool:
    """Whether region ``code`` lies inside the actor's area (``None`` area: everywhere)."""
    area = getattr(actor, "area_id", None)
    if area is None and isinstance(actor, SystemActor):
        return True
    if not area or not code:
        return False
    return code.startswith(area)


def user_by_name(username: str | None) -> object | None:
    """The account a command runs as (``--as``); ``None`` when not given."""
    from shoudi.accounts.models import User
    from shoudi.registry.io.errors import ImportRefused

    if not username:
        return None
    user = User.objects.select_related("area").filter(username=username).first()
    if user is None or not user.is_active:
        raise ImportRefused(f"用户“{username}”不存在或已停用")
    return user
