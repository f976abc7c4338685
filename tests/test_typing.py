"""The type checker runs with the tests: strict on the packages listed in pyproject.toml
([tool.mypy] packages; the calendar package for now). `make typecheck` runs it alone."""

from pathlib import Path

from mypy import api

ROOT = Path(__file__).resolve().parent.parent


def test_strictly_typed_packages_pass_mypy(monkeypatch):
    monkeypatch.chdir(ROOT)
    report, errors, status = api.run(["--config-file", str(ROOT / "pyproject.toml")])
    assert status == 0, report + errors
    assert "Success: no issues found" in report
