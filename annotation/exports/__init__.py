"""Dataset exports: a snapshot's frozen annotations written in the formats researchers read.

The story is told by `annotation/services/exports.py` (create a snapshot, export it, verify it).
The parts it uses live here, each small enough to read on its own:

- `spec.py`: what a snapshot request may ask for (filters, split, formats, options), checked and
  written down in one canonical form;
- `records.py`: one prompt group with its judgments, and how several annotators' judgments are
  combined (pure Python);
- `split.py`: which split a prompt lands in (pure Python);
- `source.py`: reads a snapshot's frozen annotations from the database, a chunk at a time;
- `writers.py`: one writer per format, streaming (bounded memory whatever the size);
- `files.py`: image copies, checksums, the manifest and the deterministic zip archive;
- `datacard.py`: the README written beside the data.
"""
