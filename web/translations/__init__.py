"""Message catalogs (English; the source strings are Indonesian)."""
