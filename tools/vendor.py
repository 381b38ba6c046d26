"""Refresh app/static/vendor/ from npm (`make vendor`): see tools/vendor.json.

Each package is fetched with `npm pack` (the registry's tarball, no install scripts run), the
listed files and its licence are copied, and vendor/README.md records package, version and
licence. Run with a package name to refresh only that one.
"""
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "tools" / "vendor.json"
VENDOR = ROOT / "app" / "static" / "vendor"


def fetch(entry: dict, work: Path) -> None:
    spec = f"{entry['package']}@{entry['version']}"
    name = subprocess.run(["npm", "pack", "--silent", spec], cwd=work, check=True,
                          capture_output=True, text=True).stdout.strip().splitlines()[-1]
    with tarfile.open(work / name) as tar:
        tar.extractall(work / "x", filter="data")
    package = work / "x" / "package"
    target = VENDOR / entry["dir"]
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for source, dest in entry["files"].items():
        path = package / source
        if not path.exists():
            sys.exit(f"{spec} has no {source}: update tools/vendor.json")
        (target / dest).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target / dest)
    shutil.copy2(package / entry["licence_file"], target / "LICENSE")
    if "licence" not in entry:
        entry["licence"] = json.loads((package / "package.json").read_text())["license"]


def readme(entries: list[dict]) -> str:
    lines = ["# Vendored browser libraries and fonts", "",
             "Served from here (no CDN); refresh with `make vendor` (tools/vendor.py reads "
             "tools/vendor.json: change a version there and run it again).", ""]
    for e in entries:
        lines += [f"## {e['dir']}/", "",
                  f"- Package: {e['package']} (npm)",
                  f"- Version: {e['version']}",
                  f"- Licence: {e['licence']} ({e['dir']}/LICENSE)",
                  "- Files: " + ", ".join(sorted(e["files"].values())) + ", LICENSE",
                  f"- Used for: {e['used_for']}", ""]
    return "\n".join(lines)


def main(only: list[str]) -> None:
    entries = json.loads(MANIFEST.read_text())["packages"]
    if shutil.which("npm") is None:
        sys.exit("npm is needed for make vendor")
    for entry in entries:
        with tempfile.TemporaryDirectory() as tmp:
            if not only or entry["package"] in only:
                fetch(entry, Path(tmp))
                print(f"vendored {entry['package']}@{entry['version']} -> {entry['dir']}/")
            elif "licence" not in entry:  # keep README complete when refreshing one package
                entry["licence"] = _recorded_licence(entry)
    (VENDOR / "README.md").write_text(readme(entries))


def _recorded_licence(entry: dict) -> str:
    text = (VENDOR / "README.md").read_text() if (VENDOR / "README.md").exists() else ""
    section = text.split(f"## {entry['dir']}/", 1)[-1]
    for line in section.splitlines():
        if line.startswith("- Licence: "):
            return line.removeprefix("- Licence: ").rsplit(" (", 1)[0]
    return "see LICENSE"


if __name__ == "__main__":
    main(sys.argv[1:])
