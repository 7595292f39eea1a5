import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onewindow.settings")
os.environ.setdefault("AFTER_COMMIT_IN_BACKGROUND", "1")  # a server process lives on after each commit
application = get_wsgi_application()
