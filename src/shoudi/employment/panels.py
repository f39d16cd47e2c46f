"""What each part of the jobs app adds to other apps' pages and flows (workbench counts, household-page
sections, feed hooks, assistance links); called once from EmploymentConfig.ready."""

from __future__ import annotations


def register() -> None:
    from shoudi.employment import panels_jobs, panels_labour, panels_posts, panels_projects

    panels_labour.register()
    panels_jobs.register()
    panels_posts.register()
    panels_projects.register()
