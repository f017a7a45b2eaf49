"""Readers for the official USDA releases (pure parsers) and the downloader."""
