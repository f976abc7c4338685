"""Entry point for `flask --app wsgi` and gunicorn (`gunicorn wsgi:app`).

APP_ENV=production selects the production settings, which refuse a weak SECRET_KEY;
APP_ENV=measurement the settings of the concurrency tests and benchmarks (config.py).
"""

import os

from app import create_app
from config import Config, MeasurementConfig, ProductionConfig

SETTINGS = {"production": ProductionConfig, "measurement": MeasurementConfig}

app = create_app(SETTINGS.get(os.environ.get("APP_ENV", ""), Config))
