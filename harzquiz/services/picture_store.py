"""Where picture files live: one small interface, so a deployment can put them elsewhere.

The default keeps them under `instance/uploads` (`PICTURE_UPLOAD_DIR` moves the folder).
Another store (object storage, say) is a class with the same three methods, named in
`PICTURE_STORE` as "module:callable" and built once per app with the app as argument.
"""

from __future__ import annotations

import importlib
import os
import tempfile
from pathlib import Path
from typing import Protocol

from flask import Flask, current_app

from harzquiz.rules.pictures import FILE_NAME


class PictureStore(Protocol):
    """Stores a picture's files by name; names are FILE_NAME (checked by the callers)."""

    def save(self, name: str, data: bytes) -> None: ...

    def load(self, name: str) -> bytes | None: ...

    def delete(self, name: str) -> None: ...


class LocalPictureStore:
    """Files in one folder; written to a temporary file first, then renamed into place."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def _path(self, name: str) -> Path:
        if not FILE_NAME.fullmatch(name):
            raise ValueError(f"not a picture file name: {name!r}")
        return self.root / name

    def save(self, name: str, data: bytes) -> None:
        path = self._path(name)
        self.root.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.root, prefix=".upload-")
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)

    def load(self, name: str) -> bytes | None:
        try:
            return self._path(name).read_bytes()
        except (FileNotFoundError, ValueError):
            return None

    def delete(self, name: str) -> None:
        self._path(name).unlink(missing_ok=True)


def local_store(app: Flask) -> LocalPictureStore:
    """The default: PICTURE_UPLOAD_DIR, else instance/uploads."""
    return LocalPictureStore(
        app.config.get("PICTURE_UPLOAD_DIR") or Path(app.instance_path) / "uploads"
    )


def picture_store() -> PictureStore:
    """The app's store, built on first use from PICTURE_STORE ("module:callable")."""
    store = current_app.extensions.get("picture_store")
    if store is None:
        module, _, attribute = current_app.config["PICTURE_STORE"].partition(":")
        factory = getattr(importlib.import_module(module), attribute)
        store = current_app.extensions["picture_store"] = factory(current_app)
    return store
