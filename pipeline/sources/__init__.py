"""Stage 1, the records: read (reader.py) against their one definition (schema.py), each checked
(checks.py, with markup.py's text subset and fingerprints.py's record of what each translation
was made from), then cross-checked and assembled for an edition (assemble.py). The glossary's
records (glossary.py) live here too."""
