from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


def _forget_parameters(sender: Any, **kwargs: Any) -> None:
    """A parameter written during a request: the request's later reads see it (``core.memo``)."""
    from shoudi.core.memo import request_memo_forget
    from shoudi.policy.params import MEMO_KEY

    request_memo_forget(MEMO_KEY)


class PolicyConfig(AppConfig):
    name = "shoudi.policy"
    verbose_name = "政策参数"

    def ready(self) -> None:
        from shoudi.policy.models import Parameter

        post_save.connect(_forget_parameters, sender=Parameter, dispatch_uid="policy-forget-parameters")
        post_delete.connect(_forget_parameters, sender=Parameter, dispatch_uid="policy-forget-parameters-del")
