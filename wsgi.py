"""Entry point for `flask --app wsgi` and gunicorn (`gunicorn wsgi:app`).

APP_ENV=production selects the production settings, which refuse a weak SECRET_KEY.
"""

import os

from app import create_app
from config import Config, ProductionConfig

app = create_app(ProductionConfig if os.environ.get("APP_ENV") == "production" else Config)
