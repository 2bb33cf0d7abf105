"""The installed-app tests print their figures (sizes, times) after the run."""

from __future__ import annotations

import pytest
from installed_app import REPORTED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for title, figures in REPORTED:
        terminalreporter.section(title, sep="-")
        for name, value in figures.items():
            terminalreporter.write_line(f"{name}: {value}")
