"""Where the checkout is: the tests, the demo and the benchmarks find the module, its sources and builds from here."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
