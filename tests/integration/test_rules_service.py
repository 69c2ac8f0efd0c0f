"""The installation's jurisdiction profile and the rules CLI (issue 3), on both databases.

Article-level behaviour of each profile is proven in tests/unit/rules; here: the choice is
stored in the database, deadlines use the stored calendar, and the CLI prints stable JSON.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from app.cli import main as cli
from app.domain.enums import Role
from app.domain.errors import CreditDeskError, PermissionDenied
from app.domain.permissions import Actor
from app.services import calendar, rules
from app.services.database import Database


def _url(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


def test_given_no_choice_yet_then_asking_for_the_profile_says_how_to_choose(db: Database) -> None:
    assert rules.current_profile_id(db) is None
    with pytest.raises(CreditDeskError, match="尚未设置所适用的辖区规则"):
        rules.current_profile(db)


def test_administrator_chooses_a_profile_and_it_is_stored_for_every_workstation(
    db: Database,
) -> None:
    rules.set_current_profile(db, "wuhan", actor=Actor.operator())
    other_workstation = Database(_url(db))
    assert rules.current_profile(other_workstation).name == "武汉市"
    other_workstation.dispose()


def test_a_clerk_cannot_change_the_profile(db: Database) -> None:
    clerk = Actor(user_id=None, username="c", role=Role.CLERK)
    with pytest.raises(PermissionDenied):
        rules.set_current_profile(db, "wuhan", actor=clerk)


def test_an_unknown_profile_is_named_with_the_known_ones(db: Database) -> None:
    known = r"chengdu.*nantong、weihai、wuhan、xiamen、zhangdian"
    with pytest.raises(CreditDeskError, match=known):
        rules.set_current_profile(db, "chengdu", actor=Actor.operator())


def test_deadlines_follow_a_calendar_the_administrator_imported(db: Database) -> None:
    # Weihai art. 28: 3 WD to check an objection received on 2026-12-30.
    with pytest.raises(CreditDeskError, match="2027"):
        rules.deadline(db, profile_id="weihai", step="objection.check", start=date(2026, 12, 30))
    calendar.import_schedule(
        db, "2027-01-01,休,元旦\n", source_name="2027.csv", actor=Actor.operator()
    )
    found = rules.deadline(
        db, profile_id="weihai", step="objection.check", start=date(2026, 12, 30)
    )
    assert found is not None
    assert found.due == date(2027, 1, 5)  # 12/31, (1/1 holiday), 1/4, 1/5
    assert found.citation == "依据《威海市公共信用信息管理办法》第二十八条"


def test_an_administrator_is_warned_when_the_regulation_has_expired(db: Database) -> None:
    rules.set_current_profile(db, "weihai", actor=Actor.operator())
    assert rules.profile_warning(db, today=date(2027, 5, 24)) is None
    warning = rules.profile_warning(db, today=date(2027, 5, 25))
    assert warning is not None and "2027-05-24" in warning


def test_cli_deadline_json_is_stable(db: Database, capsys) -> None:
    url = _url(db)
    args = [
        "rules",
        "deadline",
        "--profile",
        "xiamen",
        "--step",
        "objection.provider_reply",
        "--from",
        "2026-02-13",
        "--json",
        "--db",
        url,
    ]
    assert cli(args) == 0
    assert json.loads(capsys.readouterr().out) == {
        "profile": "xiamen",
        "step": "objection.provider_reply",
        "from": "2026-02-13",
        "working_days": 6,
        "due": "2026-02-28",
        "basis": "第二十五条",
    }


def test_cli_deadline_of_a_step_the_profile_lacks_is_null(db: Database, capsys) -> None:
    args = [
        "rules",
        "deadline",
        "--profile",
        "nantong",
        "--step",
        "withdrawal.good_info",
        "--from",
        "2026-09-30",
        "--json",
        "--db",
        _url(db),
    ]
    assert cli(args) == 0
    assert json.loads(capsys.readouterr().out)["due"] is None


def test_cli_uses_the_installation_profile_by_default(db: Database, capsys) -> None:
    url = _url(db)
    assert (
        cli(["rules", "deadline", "--step", "objection.check", "--from", "2026-09-30", "--db", url])
        == 1
    )
    assert "尚未设置所适用的辖区规则" in capsys.readouterr().err
    assert cli(["rules", "use", "wuhan", "--db", url]) == 0
    capsys.readouterr()
    assert (
        cli(
            [
                "rules",
                "deadline",
                "--step",
                "objection.check",
                "--from",
                "2026-09-30",
                "--json",
                "--db",
                url,
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out)["due"] == "2026-10-09"


def test_cli_disclosure_end_reports_local_and_national(capsys) -> None:
    args = [
        "rules",
        "disclosure-end",
        "--profile",
        "nantong",
        "--class",
        "dishonest",
        "--severity",
        "serious",
        "--determined",
        "2024-02-29",
        "--penalty-class",
        "serious",
        "--json",
    ]
    assert cli(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["last_visible_day"] == "2027-02-28"  # 3 years from 2/29 end on 2/28
    assert data["basis"] == "第三十条"
    assert data["national"]["version"] == "令第58号"
    assert data["national"]["min_end"] == "2024-05-29"


def test_cli_list_and_show(capsys) -> None:
    assert cli(["rules", "list", "--json"]) == 0
    ids = [p["id"] for p in json.loads(capsys.readouterr().out)]
    assert ids == ["nantong", "weihai", "wuhan", "xiamen", "zhangdian"]
    assert cli(["rules", "show", "weihai", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["steps"]["objection.check"]["basis"] == "第二十八条"
    assert cli(["rules", "show", "chengdu"]) == 1
    assert "没有名为“chengdu”" in capsys.readouterr().err


def test_the_dashboard_warns_only_administrators_that_the_regulation_expired(
    db: Database, staff
) -> None:
    from app.services.dashboard import dashboard_summary

    rules.set_current_profile(db, "weihai", actor=Actor.operator())
    admin = dashboard_summary(db, actor=staff[Role.ADMIN], today=date(2027, 5, 25))
    clerk = dashboard_summary(db, actor=staff[Role.CLERK], today=date(2026, 11, 25))
    assert admin.profile_warning is not None and "2027-05-24" in admin.profile_warning
    assert clerk.profile_warning is None
