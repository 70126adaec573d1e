"""Training the small models newsgraph ships: ``python -m newsgraph.train attribution``."""
