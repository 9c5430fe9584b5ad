"""Documentation is part of the change: settings, roles, actions and commands are documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ssrmonitor.core.models import Role
from ssrmonitor.core.permissions import POLICY, Action

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SETTINGS = (ROOT / "src" / "ssrmonitor" / "settings.py").read_text(encoding="utf-8")


def test_readme_has_the_two_commands() -> None:
    assert "pip install -e . && ssrmonitor demo" in README
    assert "pip install -e '.[test]' && pytest" in README


@pytest.mark.parametrize("name", sorted(set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', SETTINGS))))
def test_every_setting_is_documented(name: str) -> None:
    assert f"`{name}`" in README or f"`{name}` /" in README


@pytest.mark.parametrize("role", list(Role))
def test_every_role_is_documented(role: Role) -> None:
    assert f"`{role.value}`" in README


@pytest.mark.parametrize("action", list(Action))
def test_every_action_is_documented_with_the_roles_that_hold_it(action: Action) -> None:
    row = next(
        (line for line in README.splitlines() if line.startswith(f"| `{action.value}`")), None
    )
    assert row is not None, f"{action.value} is missing from the README's permission table"
    cells = [cell.strip() for cell in row.strip("|").split("|")][2:]
    order = [
        Role.VIEWER,
        Role.EDITOR,
        Role.REVIEWER,
        Role.ADMINISTRATOR,
        Role.VETTING_OFFICER,
        Role.VETTING_REVIEWER,
        Role.CHILD_PROTECTION,
    ]
    documented = {role for role, cell in zip(order, cells, strict=True) if cell == "✓"}
    actual = {role for role in order if action in POLICY[role]}
    assert documented == actual


def test_architecture_note_names_paths_that_exist() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for path in re.findall(r"`(src/ssrmonitor/[\w/]+\.py)`", text):
        assert (ROOT / path).exists(), path
