#!/usr/bin/env python3
"""Make (once) the Python virtual environment of the contract tests and print its interpreter.

The venv lives in ~/.cache/madani/tools/contract-venv-<hash>, named after requirements.txt and the
Python it is made with, so a change of either makes a new one; packages come from the Python
package index with pip. Python 3.12 or newer is preferred: 3.11 before 3.11.8 fails inside
Hypothesis ("AST constructor recursion depth mismatch", CPython gh-106905).
"""

import glob
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REQUIREMENTS = HERE / "requirements.txt"


def version(python: str) -> tuple[int, int, int] | None:
    try:
        out = subprocess.run([python, "-c", "import sys, venv; print(*sys.version_info[:3])"],
                             capture_output=True, text=True, timeout=30)
    except OSError:
        return None
    if out.returncode != 0:
        return None
    return tuple(int(x) for x in out.stdout.split())


def interpreter() -> str:
    """The newest Python 3.11+ with `venv` on this machine (PATH, then pyenv's versions)."""
    candidates = [shutil.which(n) for n in ("python3.13", "python3.12", "python3")]
    home = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates += sorted(glob.glob(str(home / "versions" / "3.1[1-9]*" / "bin" / "python3")))
    found = [(v, c) for c in candidates if c and (v := version(c)) and v >= (3, 11, 0)]
    if not found:
        sys.exit("contract tests: no Python 3.11 or newer with the venv module (apt-get install python3-venv)")
    return max(found)[1]


def main() -> None:
    python = interpreter()
    key = hashlib.sha256(REQUIREMENTS.read_bytes() + ".".join(map(str, version(python))).encode()).hexdigest()[:12]
    venv = Path.home() / ".cache" / "madani" / "tools" / f"contract-venv-{key}"
    ready = venv / ".installed"
    if not ready.exists():
        shutil.rmtree(venv, ignore_errors=True)
        print(f"==> making {venv} with {python} (once)", file=sys.stderr)
        subprocess.run([python, "-m", "venv", str(venv)], check=True, stdout=sys.stderr)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check", "-q"]
        subprocess.run(pip + ["install", "-r", str(REQUIREMENTS)], check=True, stdout=sys.stderr)
        ready.touch()
    print(venv / "bin" / "python")


if __name__ == "__main__":
    main()
