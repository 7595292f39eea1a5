"""The bare app's WSGI entry for granian: `bare.wsgi:application`, with bench/ on the path."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bare.settings")
application = get_wsgi_application()
