"""One module per audience or concern; each exports ``routes`` for ``server/app.py``."""
