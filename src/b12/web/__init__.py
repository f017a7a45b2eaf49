"""The b12 web app: a JSON API twin of the CLI and server-rendered pages for people.

Build it with ``b12.web.app.create_app(settings)``; ``b12 serve`` runs it with uvicorn. This
package is an adapter: every reading, assessment and food lookup is done by the core and the
food index, and the web layer only turns HTTP in and out (see ``routes/``). Importing this
package is cheap; FastAPI is imported by ``b12.web.app``.
"""
