"""The pages, one module per domain. Each module ends with its ``urlpatterns`` (every address
of the domain with its URL name), which ``web.urls`` lists; its forms are in ``web.forms`` under
the same name, its templates in ``web/templates/web/<domain>/`` and its tests in
``tests/web/test_<domain>*.py``."""
