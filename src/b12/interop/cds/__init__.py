"""The CDS Hooks 2.0 services: which hooks b12 answers (``services``), what it asks the EHR
to prefetch and how it fetches what is missing (``prefetch``), the rules that make cards
(``rules``, from ``cds_rules.toml``), and how each call is authenticated (``auth``: a JWT
signed by a trusted EHR). The web routes are in ``b12.web.routes.cds``; configuration comes
from the ``B12_CDS_*`` variables (``config``)."""
