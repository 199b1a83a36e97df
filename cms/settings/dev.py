"""Development: debug on, console e-mail, tasks queued for the worker `make run` starts, SQLite unless DATABASE_URL is set."""

from .base import *  # noqa: F401,F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = ["*"]
