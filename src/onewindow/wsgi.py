import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onewindow.settings")
os.environ.setdefault("AFTER_COMMIT_IN_BACKGROUND", "1")  # a server process lives on after each commit
application = get_wsgi_application()

# The garbage collector, for a server process: what is loaded now (Django, the apps, the URLconf) lives
# as long as the process, so it is frozen out of every later collection; and a page makes tens of
# thousands of short-lived objects, so the youngest generation is collected every 20,000 of them instead
# of every 700. Together a third less CPU per page (docs/performance.md, F9).
YOUNG_GENERATION_THRESHOLD = 20_000
get_resolver().url_patterns  # noqa: B018 (load the URLconf and the views it imports before freezing)
gc.collect()
gc.freeze()
gc.set_threshold(YOUNG_GENERATION_THRESHOLD)
