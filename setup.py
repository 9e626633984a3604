"""Build hook: copy the model and the embedded corpora into the package being built.

Everything else about the build is declared in pyproject.toml.  ``models/`` and ``corpora/``
stay top-level folders of the project (``make train`` writes there); a wheel carries the
parts a run needs under ``textcheck/_shipped/``, where ``textcheck.resources`` finds them.
An editable install needs no copy: it reads the checkout's folders.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = (
    "models/claimkinds",  # the claim-kind model every extraction adds learned kinds with
    "models/checkworthiness",  # the check-worthiness model scored by every `claims`
    "corpora/petitions",  # the embedded default: `compare 241560` with no network
    "corpora/claims",  # the annotated corpus `textcheck train` learns from
)


class BuildPyWithShipped(build_py):
    """``build_py`` that also copies ``SHIPPED`` into ``<build_lib>/textcheck/_shipped``."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "textcheck" / "_shipped"
        shutil.rmtree(target, ignore_errors=True)  # a file deleted from models/ must not ship
        for relative in SHIPPED:
            source = ROOT / relative
            if not source.is_dir():
                raise SystemExit(f"error: expected {source} to build textcheck, found none")
            shutil.copytree(source, target / relative)


setup(cmdclass={"build_py": BuildPyWithShipped})
