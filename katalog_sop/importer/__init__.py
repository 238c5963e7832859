"""Reading signed SOP documents (PDF with a text layer, Word) back into draft source files.

The stage reads by position, not by text order: ``pdf`` turns a PDF's words, rules and drawn
shapes into ``document.ReadDocument``; ``word`` does the same from a .docx's tables and shapes;
``assemble`` turns what was read into the values of an SOP file with every doubt at its key;
``draft`` writes the YAML with the doubts as comments and checks it with the validator.
"""
