"""The password rules (harzquiz.rules.passwords), and the list of common passwords shipped."""

from __future__ import annotations

import pytest

from harzquiz.rules.passwords import (
    is_straight_run,
    parse_common_passwords,
    password_problem,
    personal_parts,
)
from harzquiz.services.accounts import COMMON_PASSWORDS_FILE, common_passwords

COMMON = frozenset({"password123", "1234567890", "qwertzuiop"})


@pytest.mark.parametrize(
    "password,problem",
    [
        ("kurz", "length"),
        ("x" * 9, "length"),
        ("Ab3$" * 51, "length"),  # 204 characters
        ("aaaaaaaaaa", "simple"),
        ("ababababab", "simple"),
        ("1122331122", "simple"),
        ("abcdefghijkl", "simple"),
        ("9876543210", "simple"),
        ("1234567890", "common"),
        ("PASSWORD123", "common"),  # case-insensitively
        ("Brocken-Hexe-1142", None),
        ("zwölf Äpfel im Harz", None),
    ],
)
def test_password_rules(password, problem):
    assert password_problem(password, common=COMMON) == problem


@pytest.mark.parametrize(
    "password",
    ["mein-anna.harz@example.org!", "xx-ANNA.HARZ-2026", "ich-bin-HexeBrocken-7"],
)
def test_passwords_containing_the_email_or_nickname_are_refused(password):
    problem = password_problem(password, email="Anna.Harz@Example.org", nickname="HexeBrocken")
    assert problem == "personal"


def test_short_local_parts_and_nicknames_do_not_refuse_everything():
    assert personal_parts("ab@example.org", "Jo") == ["ab@example.org"]
    assert password_problem("abendrot-am-Jo-See", email="ab@example.org", nickname="Jo") is None


def test_straight_runs():
    assert is_straight_run("abcdef") and is_straight_run("3210") and is_straight_run("zzzz")
    assert not is_straight_run("acegik") and not is_straight_run("abcabc")


def test_the_shipped_list_holds_the_10000_most_common_passwords():
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#") and any("zxcvbn" in line for line in lines if line[:1] == "#")
    listed = common_passwords()
    assert len(listed) == 10_000
    assert {"123456", "password", "1234567890", "qwertyuiop", "letmein"} <= listed
    assert parse_common_passwords(["# comment", "", "Hallo\n"]) == {"hallo"}
    assert password_problem("1234567890", common=listed) == "common"
    assert password_problem("qwertyuiop", common=listed) == "common"
