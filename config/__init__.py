# Importing the Celery app here makes every Django process (web, tests, commands)
# publish tasks through our configured app rather than Celery's default one.
from celery_app import app as celery_app

__all__ = ["celery_app"]
