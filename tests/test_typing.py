"""The type checker runs with the tests (`make typecheck` runs it alone), as configured in
pyproject.toml ([tool.mypy]):

- the whole `app` package with mypy's default settings,
- the pure cores (calendar, allocation, evaluation results, report context) with every
  flag that `mypy --strict` enables, set per module because `strict` itself cannot be.

Both must report no errors."""

import tomllib
from pathlib import Path

from mypy import api, options
from mypy.main import process_options

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"

PURE_CORES = {
    "app.calendar.*",
    "app.workgroups.allocation.*",
    "app.evaluation.results.*",
    "app.reports.context",
    "app.reports.edition_report",
    "app.names",
}


def _mypy_config() -> dict:
    return tomllib.loads(PYPROJECT.read_text())["tool"]["mypy"]


def _strict_flags(tmp_path) -> dict[str, object]:
    """The per-module settings `mypy --strict` changes, as this mypy version defines them."""
    (tmp_path / "mypy.ini").write_text("[mypy]\n")  # read no project configuration
    config = ["--config-file", str(tmp_path / "mypy.ini"), "-c", "pass"]
    _, strict = process_options(["--strict", *config])
    _, default = process_options(config)
    return {
        name: getattr(strict, name)
        for name in options.PER_MODULE_OPTIONS
        if getattr(strict, name) != getattr(default, name)
    }


def test_app_passes_mypy_default_everywhere_and_strict_on_the_cores(monkeypatch):
    monkeypatch.chdir(ROOT)
    report, errors, status = api.run(["--config-file", str(PYPROJECT)])
    assert status == 0, report + errors
    assert "Success: no issues found" in report
    assert _mypy_config()["packages"] == ["app"]


def test_the_pure_cores_carry_every_strict_flag(tmp_path):
    strict = _strict_flags(tmp_path)
    assert strict, "mypy --strict changed no per-module setting: this test no longer knows what strict means"
    cores = [o for o in _mypy_config()["overrides"] if PURE_CORES & set(o["module"])]
    assert len(cores) == 1 and PURE_CORES <= set(cores[0]["module"])
    missing = {name: value for name, value in strict.items() if cores[0].get(name) != value}
    assert not missing, f"set these for the pure cores in pyproject.toml: {missing}"


def test_no_module_of_ours_skips_checking():
    """No blanket escape for our own code: never ignore_errors, and missing imports are
    tolerated only for third-party libraries."""
    for override in _mypy_config().get("overrides", []):
        assert not override.get("ignore_errors"), override["module"]
        if override.get("ignore_missing_imports"):
            assert not any(module.startswith("app") for module in override["module"]), override["module"]


def test_every_type_ignore_names_its_error_and_says_why():
    """mypy itself insists on the error code (ignore-without-code); the reason is ours: a
    comment after the code, or a comment line just above."""
    for path in (ROOT / "app").rglob("*.py"):
        lines = path.read_text().splitlines()
        for number, line in enumerate(lines, 1):
            if "type: ignore" not in line:
                continue
            rest = line.split("type: ignore", 1)[1]
            assert rest.startswith("["), f"{path}:{number}: name the error code"
            explained = "#" in rest or lines[number - 2].strip().startswith("#")
            assert explained, f"{path}:{number}: say why, after the code or in a comment just above"
