"""Realistic BuRT sample documents and their generator (see samples/README.md)."""
