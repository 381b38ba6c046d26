"""What the benchmarks print about the machine they ran on."""
import os
import platform
from pathlib import Path


def cpu_model() -> str:
    """The CPU as /proc/cpuinfo names it, or '?'."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "?"


def basics() -> str:
    """'nproc 2, CPU AMD EPYC, Python 3.11.7'"""
    return f"nproc {os.cpu_count()}, CPU {cpu_model()}, Python {platform.python_version()}"
