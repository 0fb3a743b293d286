"""Import of generations: a folder of images plus a manifest becomes prompt groups.

Rankings in the manifest are used in one of three ways, or not at all: `rankings_as=USERNAME`
records each as an annotation of that user (through the submission service, so it yields the
same comparisons as a submission in the app); `gold=True` makes every group a gold group with
that ranking as its answer; `qualification=True` does the same and puts the groups in the
project's qualification set, in the import's transaction.

Everything is checked before anything is written. A refused import raises `Refused` with one
problem per bad row and writes nothing; an accepted one is written in one transaction and
recorded as an ImportBatch. An image whose bytes (sha256) are already in the project, or appear
in two groups of the import, is stored once and shown in every group that lists it
(`images_reused` in the counts); the same image twice in one group is refused.

The story is told by `service.py`. The parts it uses live here, each small enough to read on
its own:

- `spec.py`: the formats, the options (`rankings_as`, `gold`, `qualification`) and the bounds of an import;
- `manifests.py`: the two manifest formats (`jsonl`, ImageReward's `reference`), read into one
  plan per prompt group;
- `sources.py`: paths kept inside their folder, the API's server folders and uploaded zips
  (read in place: only the manifest is unpacked);
- `parallel.py`: images decoded and stored in a few threads, with progress;
- `jobs.py`: imports queued for a worker, with their stage, progress and outcome on an ImportJob;
- `images.py`: an image decoded and hashed before it is accepted, then stored once under its
  content's name;
- `checks.py`: what the plans must satisfy against the project and the files;
- `writer.py`: the files of an accepted import, then the one transaction that writes its rows;
- `problems.py`: every problem reported at once.
"""

from .checks import dense_ranking
from .images import IMAGE_FORMATS, BadImage, inspect_image, storage_name, verify_image_bytes
from .service import import_archive, import_generations, import_server_folder
from .sources import server_folder, unpack_zip
from .spec import FORMATS, LIMITS, MAX_EXTERNAL_ID, limit

__all__ = [
    "FORMATS",
    "IMAGE_FORMATS",
    "LIMITS",
    "MAX_EXTERNAL_ID",
    "BadImage",
    "dense_ranking",
    "import_archive",
    "import_generations",
    "import_server_folder",
    "inspect_image",
    "limit",
    "server_folder",
    "storage_name",
    "unpack_zip",
    "verify_image_bytes",
]
