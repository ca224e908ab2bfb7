"""The burt-archive web door: the Flask UI and JSON API (``web.app``: ``create_app``, ``serve``) and
the ``burt`` command line (``web.cli``), both over ``archive.service``.

Importing ``web`` imports nothing else, so ``burt ocr`` and ``burt --help`` need not load Flask,
the database or the search index (issue 13): the app is ``web.app.create_app``.
"""
