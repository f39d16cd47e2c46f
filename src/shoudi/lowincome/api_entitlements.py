"""API of the low-income register (placeholder until filled)."""

from ninja import Router

router = Router()
