"""Accounts for a b12 served beyond this computer: who may sign in, with what password.

A computer used alone has no accounts and no sign-in. ``b12 user add`` makes the first
one; from then on the web app asks everyone to sign in and each account sees only its own
profiles (``b12.store.accounts``, ``b12.web.signin``).
"""
