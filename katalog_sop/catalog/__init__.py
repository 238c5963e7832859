"""Stage 2: the catalogue itself, typed and immutable, and what is derived from it alone."""
