"""The rates' API routes, registered on the API's router (``config.api_urls``)."""

from __future__ import annotations

from rest_framework.routers import BaseRouter

from rates.api.views import ExchangeRateViewSet


def register(router: BaseRouter) -> None:
    router.register("rates", ExchangeRateViewSet, basename="rate")
