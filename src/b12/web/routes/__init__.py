"""One module per area of the site; each exposes ``ROUTERS`` (its JSON API and its pages).

``health`` (API status), ``home``, ``assess`` (self-check and ``/api/assess``), ``labs``
(lab reader and ``/api/labs/interpret``), ``foods`` (search, food pages, ``/api/foods``).
"""
