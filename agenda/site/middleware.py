"""Security headers on every response Django sends (see agenda/lib/security.py)."""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.clickjacking import xframe_options_exempt

from agenda.lib import security


def embeddable(view: Callable) -> Callable:
    """Mark a view other sites may frame (the widget): its frame-ancestors are the origins of
    WIDGET_FRAME_ANCESTORS instead of 'none'."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response.embeddable = True
        return response

    return xframe_options_exempt(wrapped)


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy (Django's SecurityMiddleware sends the
    others). A view that set its own policy (user files) keeps it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        embeddable_page = getattr(response, "embeddable", False)
        headers = security.page_headers(
            settings, embeddable=embeddable_page, https=request.is_secure()
        )
        for name in ("Content-Security-Policy", "Permissions-Policy"):
            if name in headers:
                response.headers.setdefault(name, headers[name])
        return response
