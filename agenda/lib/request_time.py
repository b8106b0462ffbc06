"""What one request may cost a worker in time.

`RequestTimeLimit` stops a request after REQUEST_SECONDS, below gunicorn's `--timeout` (30 s by
default), which would kill the worker without an answer: the visitor gets a 503 page that says
to try again, and the worker lives on. It uses `lib.deadline` (SIGALRM): gunicorn's sync
workers serve requests in their main thread; the development server's threads run unlimited.
Budgets bound the work first (lib/limits.py); this is the backstop.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .deadline import TimeLimitExceeded, time_limit

logger = logging.getLogger(__name__)


class RequestTimeLimit:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            with time_limit(settings.REQUEST_SECONDS):
                return self.get_response(request)
        except TimeLimitExceeded:
            logger.error("request stopped after %s s: %s", settings.REQUEST_SECONDS, request.path)
            response = HttpResponse(
                "Cette page a demandé trop de temps au serveur : réessayez dans un moment.\n",
                status=503,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = "30"
            return response
