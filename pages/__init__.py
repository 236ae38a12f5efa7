"""Page objects: one package per web app, shared widgets in widgets.py."""
