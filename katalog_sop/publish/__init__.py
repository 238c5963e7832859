"""Stage 4: what happens after the pages exist: search index, PDFs, atomic swap, export."""
