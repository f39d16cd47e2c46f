import os

from django.core.wsgi import get_wsgi_application
from django.db import connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shoudi.settings")
application = get_wsgi_application()
# `shoudi serve` loads the application once in gunicorn's master and forks the workers from it (--preload): a
# connection opened while loading would be shared by every worker, so none is left open
connections.close_all()
