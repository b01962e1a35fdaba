import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# After setup: refuse to start rather than answer 500 (or English) on every page.
from web.readiness import refuse_to_serve_unready  # noqa: E402

refuse_to_serve_unready()
