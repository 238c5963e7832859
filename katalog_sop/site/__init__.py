"""Stage 3: the catalogue as pages and files (render, bagan, mermaid, opendata, templates)."""
