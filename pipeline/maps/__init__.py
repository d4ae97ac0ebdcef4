"""The maps: Natural Earth's countries (geography.py, outlines.py) in a projection
(projection.py), drawn as SVG (svg.py) with the names placed where they fit (lettering.py), and
each map an output places made and kept for its profile (placed.py)."""
