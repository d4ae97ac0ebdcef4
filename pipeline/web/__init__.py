"""The web format: each document as a page (pages.py), with the project's fonts subset per
script (fonts.py)."""
