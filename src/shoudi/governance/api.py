"""/api/v1/governance/: 积分制和家庭文明档案."""

from ninja import Router

router = Router()
