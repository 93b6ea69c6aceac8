"""Legacy Word .doc, Kingsoft .wps (OLE2), .rtf and .odt: converted to .docx by LibreOffice.

LibreOffice runs headless in a temporary directory with its own user profile
(``-env:UserInstallation``), so parallel conversions neither share nor lock a profile, and
with a timeout, so a document that makes it hang costs bounded time.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from extractor.errors import MissingDependency, ParseError
from extractor.parse.docx import parse_docx
from extractor.parse.parsed import Parsed

CONVERT_TIMEOUT_S = 120
INSTALL_HINT = "reading .doc/.wps needs LibreOffice: apt-get install libreoffice-writer-nogui"


def soffice_path() -> str:
    """The LibreOffice executable, or MissingDependency saying how to install it."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise MissingDependency(INSTALL_HINT)


def convert_with_soffice(data: bytes, suffix: str, target: str = "docx",
                         timeout: float = CONVERT_TIMEOUT_S) -> bytes:
    """Convert a document's bytes with LibreOffice headless; return the converted bytes."""
    exe = soffice_path()
    with tempfile.TemporaryDirectory(prefix="jianbao-soffice-") as tmp:
        root = Path(tmp)
        source = root / f"input{suffix}"
        source.write_bytes(data)
        out_dir = root / "out"
        cmd = [exe, f"-env:UserInstallation={(root / 'profile').as_uri()}", "--headless",
               "--norestore", "--nolockcheck", "--convert-to", target, "--outdir", str(out_dir),
               str(source)]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise ParseError(f"LibreOffice did not convert the file within {timeout:.0f} s") from None
        except OSError as exc:
            raise MissingDependency(f"{INSTALL_HINT} ({exc.strerror or exc})") from None
        produced = sorted(out_dir.glob(f"*.{target.split(':')[0]}")) if out_dir.is_dir() else []
        if not produced:
            detail = (proc.stderr or proc.stdout).decode("utf-8", "replace").strip().splitlines()
            why = f": {detail[-1]}" if detail else ""
            raise ParseError(f"LibreOffice could not read the file (corrupt or password-protected?){why}")
        return produced[0].read_bytes()


def parse_doc(data: bytes, suffix: str = ".doc") -> Parsed:
    """Read a .doc/.wps/.rtf/.odt file through a LibreOffice conversion to .docx."""
    parsed = parse_docx(convert_with_soffice(data, suffix))
    return parsed
