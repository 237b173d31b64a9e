"""`make test` fails when pytest runs no test (exit code 5) instead of passing silently."""

from scripts import run_tests


def test_no_tests_ran_is_a_failure(monkeypatch, capsys):
    monkeypatch.setenv("TEST_WORKERS", "0")
    assert run_tests.main(["-q", "-p", "no:cacheprovider", "tests/test_tfenv.py", "-k", "no_such_test_name"]) == 1
    assert "ran no tests" in capsys.readouterr().err


def test_a_passing_selection_passes(monkeypatch):
    monkeypatch.setenv("TEST_WORKERS", "0")
    assert run_tests.main(["-q", "-p", "no:cacheprovider", "tests/test_tfenv.py"]) == 0
