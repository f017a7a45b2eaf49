"""Reports: the clinician report of a person's record, as HTML and PDF (``b12 report``).

``build_report`` (``clinician``) gathers what the report says from the core; ``render``
turns it into HTML or PDF; ``charts`` draws the SVG charts the web pages share.
"""
