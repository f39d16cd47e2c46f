"""就业帮扶 pages: the labour force (urls_labour), jobs and matching and workshops (urls_jobs), 公益性岗位
(urls_posts), 以工代赈 and reports (urls_projects)."""

from shoudi.employment import urls_jobs, urls_labour, urls_posts, urls_projects

app_name = "employment"

urlpatterns = [*urls_labour.urlpatterns, *urls_jobs.urlpatterns, *urls_posts.urlpatterns, *urls_projects.urlpatterns]
