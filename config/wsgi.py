"""The web entry point (gunicorn serves `config.wsgi:application`)."""

import os
import sys

from django.core.wsgi import get_wsgi_application

from config.env import MISSING_KEY_ADVICE, secret_key_missing

# Never a throwaway key here: sessions and signed values must outlive the process.
if secret_key_missing():
    print(f"The web app will not start: {MISSING_KEY_ADVICE}", file=sys.stderr)
    # 4 is gunicorn's "app failed to load": it stops instead of starting the worker again.
    raise SystemExit(4)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
application = get_wsgi_application()
