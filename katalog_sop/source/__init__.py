"""Stage 1: the YAML sources read, checked and turned into the catalogue (load -> schema/validate -> read)."""
