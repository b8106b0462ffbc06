"""Uploaded files are limited while they stream in, not after they are stored.

`LimitedUploadHandler` comes first in FILE_UPLOAD_HANDLERS: it counts each file's bytes and,
past UPLOAD_MAX_BYTES, stops passing them on (nothing more is kept, in memory or on disk) and
hands the form an empty file whose `size` is the size seen so far, so the form's own size check
refuses it with its usual message. nginx's `client_max_body_size` bounds the request before.
"""

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler


def human_size(size: int) -> str:
    """5 Mo, 98 Ko: sizes the French way, for messages."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} Mo"
    return f"{max(1, round(size / 1024))} Ko"


class OversizeUpload(SimpleUploadedFile):
    """A file refused for its size: no content, `size` is at least the limit plus one."""

    def __init__(self, name: str, content_type: str, size: int):
        super().__init__(name, b"", content_type)
        self.size = size
        self.oversize = True


class LimitedUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.seen = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.seen += len(raw_data)
        if self.seen > settings.UPLOAD_MAX_BYTES:
            return None  # the handlers after this one never get it
        return raw_data

    def file_complete(self, file_size: int) -> OversizeUpload | None:
        if self.seen > settings.UPLOAD_MAX_BYTES:
            return OversizeUpload(self.file_name, self.content_type, self.seen)
        return None  # the next handler (memory or temporary file) gives the file
