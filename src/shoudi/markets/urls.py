"""消费帮扶 pages (urls_consumption) and 农副产品滞销监测预警 (urls_produce)."""

from shoudi.markets import urls_consumption, urls_produce

app_name = "markets"

urlpatterns = [*urls_consumption.urlpatterns, *urls_produce.urlpatterns]
