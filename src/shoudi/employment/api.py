"""/api/v1/employment/: the labour force, jobs and matching, 公益性岗位, workshops, 以工代赈 and counts."""

from ninja import Router

from shoudi.employment.api_jobs import router as jobs_router
from shoudi.employment.api_labour import router as labour_router
from shoudi.employment.api_posts import router as posts_router
from shoudi.employment.api_projects import router as projects_router

router = Router()
router.add_router("", labour_router)
router.add_router("", jobs_router)
router.add_router("", posts_router)
router.add_router("", projects_router)
