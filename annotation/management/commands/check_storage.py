"""manage.py check_storage: write, read back and delete a small object in each named storage
(images, exports, checkpoints), so a deployment learns that its bucket or folders work before an
annotator or a worker does. Exits non-zero with the message naming the setting to fix."""

import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

from config.presign import image_origin
from config.storage import NAMES, StorageUnavailable, storage_errors


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        config = settings.STORAGE_BUCKET
        self.stdout.write(f"Files: {config.where() if config else 'local folders'}")
        failed = []
        for name in NAMES:
            storage = storages[name]
            probe = f"check-storage/{uuid.uuid4().hex}.txt"
            where = storage.location if config is None else f"s3://{config.bucket}/{config.location(name)}"
            try:
                with storage_errors():
                    saved = storage.save(probe, ContentFile(b"check_storage"))
                    with storage.open(saved, "rb") as handle:
                        if handle.read() != b"check_storage":
                            raise CommandError(f"{name}: {where} gave back other bytes than were written")
                    storage.delete(saved)
            except (StorageUnavailable, OSError) as exc:
                failed.append(name)
                self.stderr.write(f"{name}: {where}: {getattr(exc, 'detail', exc)}")
            else:
                self.stdout.write(f"{name}: {where}: written, read back and deleted")
        if failed:
            raise CommandError(f"the storage of {', '.join(failed)} does not work")
        if config is not None:
            with storage_errors():
                origin = image_origin(storages["default"])
            self.stdout.write(f"Browsers load images from {origin} (presigned URLs; the page's img-src allows it).")
