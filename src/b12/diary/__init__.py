"""The diary as an application: parse what a person logs, resolve foods, keep entries.

Used by the CLI and the web app alike; it calls the food index, the store and the core.
"""
