import gc
import os

from django.core.wsgi import get_wsgi_application
from django.db import connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shoudi.settings")
application = get_wsgi_application()
# `shoudi serve` loads the application once in gunicorn's master and forks the workers from it (--preload): a
# connection opened while loading would be shared by every worker, so none is left open
connections.close_all()
# What the master loaded lives as long as the workers do: moved out of the garbage collector's reach, so no
# worker's full collection walks it (a pause of every request in flight) and no collection writes to its pages,
# which forked workers share until written (gc.freeze, Python's advice for pre-forking servers).
gc.freeze()
