"""``.ci/system-packages``: what ``make test`` and ``.ci/run`` install before the tests.

The script is run as a user who is not root, with ``id`` and ``sudo`` stood in for by tiny
scripts on PATH: one machine where sudo needs a password, one where it does not.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.ops.processes import REPO

SCRIPT = REPO / ".ci" / "system-packages"


def _bin(tmp_path: Path, *, sudo_works: bool) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "id").write_text("#!/bin/sh\necho 1000\n")
    log = tmp_path / "sudo.log"
    sudo = f'#!/bin/sh\necho "$*" >> {log}\nexit 0\n' if sudo_works else "#!/bin/sh\nexit 1\n"
    (bin_dir / "sudo").write_text(sudo)
    for script in bin_dir.iterdir():
        script.chmod(0o755)
    return bin_dir


def _run(tmp_path: Path, *, sudo_works: bool) -> subprocess.CompletedProcess[str]:
    bin_dir = _bin(tmp_path, sudo_works=sudo_works)
    env = {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "GUANAI_CHROMIUM": str(tmp_path / "no-chromium"),
    }
    return subprocess.run(
        [str(SCRIPT)], env=env, capture_output=True, text=True, check=False, cwd=REPO
    )


def test_without_root_or_sudo_it_stops_with_the_exact_command(tmp_path: Path) -> None:
    result = _run(tmp_path, sudo_works=False)

    assert result.returncode == 1
    assert "sudo apt-get install -y --no-install-recommends chromium" in result.stderr


def test_with_sudo_without_a_password_it_installs_what_is_missing(tmp_path: Path) -> None:
    result = _run(tmp_path, sudo_works=True)

    assert result.returncode == 0, result.stderr
    calls = (tmp_path / "sudo.log").read_text().splitlines()
    assert calls[0] == "-n true"
    assert calls[1] == "apt-get update"
    assert calls[2].startswith("env DEBIAN_FRONTEND=noninteractive apt-get install -y")
    assert "chromium" in calls[2].split()
