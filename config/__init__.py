# The Django project. The design card calls it `platform/`, but a package of that name shadows
# Python's standard `platform` module (imported by uuid, numpy, torch and Django itself).
from .celery import app as celery_app

__all__ = ("celery_app",)
