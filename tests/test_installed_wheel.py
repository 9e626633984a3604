"""The installed package is the product: a wheel installed outside the checkout gives the same
tool, with its model and the embedded corpus inside the package.

The test builds a wheel from this checkout (no build isolation, so no download), installs it
into a fresh virtual environment whose only link to the development environment is a ``.pth``
line naming that environment's site-packages for the third-party dependencies (``.pth`` files
in a directory added that way are not run, so the checkout's editable install is not active),
and runs the installed ``textcheck`` from an empty directory with no network.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from textcheck.nlp.checkworthiness import score_sentences

ROOT = Path(__file__).resolve().parents[1]
CLAIM = "We have cut taxes by 40% since 2010."

pytestmark = pytest.mark.slow


def _run(
    args: list[str], *, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel of this checkout, built without network."""
    out = tmp_path_factory.mktemp("wheel")
    built = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        cwd=out,
    )
    assert built.returncode == 0, built.stderr
    (path,) = out.glob("textcheck-*.whl")
    return path


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The ``bin`` folder of a fresh venv with only the wheel installed as textcheck."""
    venv = tmp_path_factory.mktemp("venv") / "v"
    made = _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=venv.parent)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    purelib = _run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        cwd=venv.parent,
    ).stdout.strip()
    Path(purelib, "textcheck-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    done = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "-q",
            str(wheel),
        ],
        cwd=venv.parent,
    )
    assert done.returncode == 0, done.stderr
    yield venv / "bin"


def _clean_env(tmp: Path) -> dict[str, str]:
    """No TEXTCHECK_* variable of the developer's shell, no network, a store in ``tmp``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTCHECK_", "PYTHON"))}
    env.update(TEXTCHECK_OFFLINE="1", TEXTCHECK_DB=str(tmp / "store.db"))
    return env


def test_the_wheel_carries_the_model_and_the_embedded_corpus(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "textcheck/_shipped/models/checkworthiness/weights.npz",
        "textcheck/_shipped/models/checkworthiness/meta.json",
        "textcheck/_shipped/models/checkworthiness/MODEL_CARD.md",
        "textcheck/_shipped/models/claimkinds/weights.npz",
        "textcheck/_shipped/models/claimkinds/meta.json",
        "textcheck/_shipped/models/claimkinds/MODEL_CARD.md",
        "textcheck/_shipped/corpora/petitions/241560.json",
        "textcheck/_shipped/corpora/claims/claims.jsonl",
        "textcheck/data/vocabulary.json",
    ):
        assert expected in names


def test_installed_claims_score_with_the_shipped_model(installed: Path, tmp_path: Path) -> None:
    (tmp_path / "claim.txt").write_text(CLAIM + "\n", encoding="utf-8")
    where = _run(
        [str(installed / "python"), "-c", "import textcheck; print(textcheck.__file__)"],
        cwd=tmp_path,
        env=_clean_env(tmp_path),
    )
    assert Path(where.stdout.strip()).is_relative_to(installed.parent)
    done = _run(
        [str(installed / "textcheck"), "claims", "claim.txt", "--format", "json"],
        cwd=tmp_path,
        env=_clean_env(tmp_path),
    )
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr
    (claim, *_) = json.loads(done.stdout)["claims"]
    assert claim["quote"] == CLAIM
    assert claim["checkworthiness"] == pytest.approx(score_sentences([CLAIM])[0], abs=1e-3)


def test_installed_compare_241560_runs_offline_from_the_embedded_corpus(
    installed: Path, tmp_path: Path
) -> None:
    done = _run(
        [str(installed / "textcheck"), "compare", "241560", "--format", "json"],
        cwd=tmp_path,
        env=_clean_env(tmp_path),
    )
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert {"original", "revised"} <= {d["role"] for d in payload["documents"]}
    assert {f["kind"] for f in payload["findings"]} >= {"refusal_added", "claim_dropped"}


def test_installed_tool_without_its_model_says_so_in_one_line(
    installed: Path, tmp_path: Path
) -> None:
    (tmp_path / "claim.txt").write_text(CLAIM + "\n", encoding="utf-8")
    env = _clean_env(tmp_path) | {"TEXTCHECK_MODELS": str(tmp_path / "no-models")}
    done = _run([str(installed / "textcheck"), "claims", "claim.txt"], cwd=tmp_path, env=env)
    assert done.returncode == 1
    assert done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert line.startswith("Error: expected ") and "no-models" in line
    asked = _run(
        [str(installed / "textcheck"), "claims", "claim.txt"],
        cwd=tmp_path,
        env=env | {"TEXTCHECK_CUE_SCORES": "1"},
    )
    assert asked.returncode == 0, asked.stderr
    assert asked.stderr.splitlines() == [
        "Warning: check-worthiness and claim kinds come from cue words, not the models "
        "(TEXTCHECK_CUE_SCORES is set)"
    ]


def test_installed_compare_with_no_network_falls_back_at_once(
    installed: Path, tmp_path: Path
) -> None:
    """Not told to stay offline: the refused connection is tried once, a warning says the
    embedded copy is used, and the comparison runs (issue 14, item 4)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in _clean_env(tmp_path).items() if k != "TEXTCHECK_OFFLINE"}
    env |= {"TEXTCHECK_BASE_URL": f"http://127.0.0.1:{port}", "TEXTCHECK_BACKOFF_S": "30"}
    done = _run([str(installed / "textcheck"), "compare", "241560"], cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        f"Warning: cannot connect to http://127.0.0.1:{port}/petitions/241560.json: "
        "Connection refused (not retried); using the embedded copy of petition 241560"
    ]
    assert done.stdout.startswith("Comparison: Petition 241560: original government response")
