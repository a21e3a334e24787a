"""The method chooser: what the method files say each method suits, and the ranking.

What a method suits is checked against `/work/shared/METHODS.md` ("Choosing the case and
the method", and the method table), transcribed here rather than read from the files:
a slip in a file then fails here. The issue's two cases are read against the same
sources: the expectations below say which line of the canon they come from.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sessie_tui.chooser_text import one_line, reason_lines, say_needs
from sessie_tui.domain.case_kinds import Experience, Goal, QuestionKind
from sessie_tui.domain.chooser import (
    Criterion,
    Needs,
    Reason,
    Suggestion,
    rank_methods,
    reasons_for,
)
from sessie_tui.domain.fields import FieldReader
from sessie_tui.methods import MethodLibrary, load_methods, read_method_file

from driving import cli


@pytest.fixture(scope="module")
def library() -> MethodLibrary:
    return load_methods()


def ranked(library: MethodLibrary, needs: Needs) -> list[Suggestion]:
    return rank_methods(library.methods.values(), needs)


def of(suggestions: list[Suggestion], method_id: str) -> Suggestion:
    return next(s for s in suggestions if s.method.id == method_id)


def keys(reasons: list[Reason]) -> set[str]:
    return {reason.key for reason in reasons}


# -- what the method files say, against the canon ------------------------------------


# "A case holder wants either advice or understanding; the incident method, five-step
# method and action learning lean to advice, Balint, the gossip method and Heilsbronner's
# hypotheses to understanding."
@pytest.mark.parametrize("method_id", ["incidentmethode", "vijfstappenmethode", "action-learning"])
def test_the_methods_the_canon_says_lean_to_advice(library: MethodLibrary, method_id: str) -> None:
    assert Goal.ADVICE in library.get(method_id).goals


@pytest.mark.parametrize("method_id", ["balint", "roddelmethode", "heilsbronner-modell"])
def test_the_methods_the_canon_says_lean_to_understanding(
    library: MethodLibrary, method_id: str
) -> None:
    assert Goal.UNDERSTANDING in library.get(method_id).goals


def test_a_relation_is_balints_home_ground(library: MethodLibrary) -> None:
    # "relation (with a pupil, client, parent or colleague — Balint's home ground)"
    assert QuestionKind.RELATION in library.get("balint").question_kinds


def test_the_five_step_method_is_for_a_problem(library: MethodLibrary) -> None:
    # "Vijfstappenmethode (problem solving)" in the method table.
    assert QuestionKind.PROBLEM in library.get("vijfstappenmethode").question_kinds


def test_every_method_with_a_case_says_what_it_suits(library: MethodLibrary) -> None:
    for method in library.methods.values():
        if method.has_case:
            assert method.goals, method.id
            assert method.experience is not None, method.id


def test_every_bundled_file_cites_the_canon_for_what_it_suits() -> None:
    folder = Path(__file__).resolve().parent.parent / "sessie_tui" / "methods"
    for path in folder.glob("*.toml"):
        text = path.read_text(encoding="utf-8")
        if "goals = " in text:
            assert "../shared/METHODS.md" in text, path.name


# -- the two cases, read against the sources ---------------------------------


def test_a_relation_question_in_45_minutes_with_7_present(library: MethodLibrary) -> None:
    suggestions = ranked(library, Needs(QuestionKind.RELATION, minutes=45, present=7))
    best = suggestions[0]
    # Balint's home ground, at least 5 people: 7 are there; its timed phases take 25.
    assert best.method.id == "balint"
    assert keys(best.fitting) == {"question_fits", "size_at_least"}
    assert best.not_fitting == []
    # The timed incident method takes 74 minutes and is made for a problem or a dilemma.
    incident = of(suggestions, "incidentmethode")
    assert keys(incident.not_fitting) == {"question_other", "minutes_too_many"}
    assert suggestions.index(incident) > suggestions.index(of(suggestions, "roddelmethode"))
    # Troika is a trio, not a group of 7.
    assert "size_exactly_not" in keys(of(suggestions, "troika-consulting").not_fitting)
    # A network's first meeting tells no case: last, whatever is asked.
    assert suggestions[-1].method.id == "startbijeenkomst"


def test_a_problem_in_30_minutes_with_12_present(library: MethodLibrary) -> None:
    suggestions = ranked(library, Needs(QuestionKind.PROBLEM, minutes=30, present=12))
    best = suggestions[0]
    # The problem-solving method; its source times no step, so no minutes against it.
    assert best.method.id == "vijfstappenmethode"
    assert best.not_fitting == []
    # Wise Crowds: groups of 4-7. Troika: a trio. Incident method: 74 minutes.
    assert "size_range_not" in keys(of(suggestions, "wise-crowds").not_fitting)
    assert "size_exactly_not" in keys(of(suggestions, "troika-consulting").not_fitting)
    assert "minutes_too_many" in keys(of(suggestions, "incidentmethode").not_fitting)
    # The incident method suits 5-12: 12 is within.
    assert "size_range" in keys(of(suggestions, "incidentmethode").fitting)
    # Every method that fits in 30 minutes ranks above every one that does not.
    too_long = [i for i, s in enumerate(suggestions) if "minutes_too_many" in keys(s.not_fitting)]
    fits_time = [
        i
        for i, s in enumerate(suggestions)
        if s.method.has_case
        and "minutes_too_many" not in keys(s.not_fitting)
        and not (keys(s.not_fitting) - {"minutes_too_many"})
    ]
    assert max(fits_time) < min(too_long)


def test_the_reasons_are_said_in_words(library: MethodLibrary) -> None:
    suggestion = ranked(library, Needs(QuestionKind.RELATION, minutes=45, present=7))[0]
    line = one_line(suggestion, "nl")
    assert line.startswith("Balint-methode: past bij een relatie met een cliënt of collega;")
    assert "vanaf 5 aanwezigen" in line and "vraagt enige ervaring" in line
    english = dict(reason_lines(suggestion.reasons, "en"))
    assert english["for"] == "suits a relation with a client or colleague; from 5 present"


# -- the criteria one by one ----------------------------------------------------------


def test_nothing_known_says_what_each_method_is_for_but_judges_nothing(
    library: MethodLibrary,
) -> None:
    for suggestion in ranked(library, Needs()):
        if suggestion.method.has_case:
            assert all(reason.fits is None for reason in suggestion.reasons)
            assert suggestion.score == 0
    names = [s.method.title.get("nl").casefold() for s in ranked(library, Needs())[:-1]]
    assert names == sorted(names), "on the same score: by name"


def test_experience_a_new_group_is_steered_away_from_what_needs_experience(
    library: MethodLibrary,
) -> None:
    balint = library.get("balint")
    new = reasons_for(balint, Needs(experience=Experience.NEW))
    seasoned = reasons_for(balint, Needs(experience=Experience.SEASONED))
    assert [(r.key, r.fits) for r in new][-1] == ("experience_some", False)
    assert [(r.key, r.fits) for r in seasoned][-1] == ("experience_some", True)


def test_the_goal_counts_against_a_method_for_the_other(library: MethodLibrary) -> None:
    reasons = reasons_for(library.get("balint"), Needs(goal=Goal.ADVICE))
    (goal,) = [r for r in reasons if r.criterion == Criterion.GOAL]
    assert (goal.criterion, goal.fits, goal.key) == (Criterion.GOAL, False, "goal_other")


def test_untimed_phases_neither_fit_nor_miss_the_time_unless_the_timed_ones_do(
    library: MethodLibrary,
) -> None:
    balint = library.get("balint")  # 25 minutes timed, the rest untimed
    (fits,) = [r for r in reasons_for(balint, Needs(minutes=45)) if r.criterion == "minutes"]
    (misses,) = [r for r in reasons_for(balint, Needs(minutes=20)) if r.criterion == "minutes"]
    assert (fits.fits, fits.key) == (None, "minutes_at_least")
    assert (misses.fits, misses.key) == (False, "minutes_too_many")


def test_ties_are_broken_by_name_whatever_order_the_methods_come_in(
    library: MethodLibrary,
) -> None:
    needs = Needs(QuestionKind.DILEMMA, minutes=60, present=8)
    methods = list(library.methods.values())
    forward = [s.method.id for s in rank_methods(methods, needs)]
    backward = [s.method.id for s in rank_methods(reversed(methods), needs)]
    assert forward == backward


def test_the_needs_and_the_reasons_can_be_stored_and_read_back(library: MethodLibrary) -> None:
    needs = Needs(QuestionKind.RELATION, 45, 7, Experience.SOME, Goal.UNDERSTANDING)
    assert Needs.from_reader(FieldReader(needs.to_data())) == needs
    for reason in reasons_for(library.get("balint"), needs):
        assert Reason.from_reader(FieldReader(reason.to_data())) == reason
    assert say_needs(needs, "en") == (
        "a relation with a client or colleague; wants understanding; 45 min; 7 present; "
        "a group with some experience"
    )


# -- a user's own method file ---------------------------------------------------------

OWN_METHOD = """
schema = 1
id = "eigen"
source = "own notes"
title = {{ nl = "Eigen methode", en = "Own method" }}
{extra}
[[phases]]
kind = "case_presentation"
minutes = 10
title = {{ nl = "Casus", en = "Case" }}
rule = {{ nl = "De inbrenger vertelt.", en = "The case holder tells." }}
"""


def test_an_own_method_file_can_say_what_it_suits(tmp_path: Path) -> None:
    extra = 'question_kinds = ["emotion"]\ngoals = ["understanding"]\nexperience = "seasoned"\n'
    method = read_method_file("eigen.toml", OWN_METHOD.format(extra=extra))
    reasons = reasons_for(
        method, Needs(QuestionKind.EMOTION, 10, 4, Experience.SEASONED, Goal.UNDERSTANDING)
    )
    assert [(r.criterion.value, r.fits) for r in reasons] == [
        ("question", True),
        ("goal", True),
        ("minutes", True),
        ("experience", True),
    ]


def test_an_own_method_file_without_them_has_no_opinion(tmp_path: Path) -> None:
    method = read_method_file("eigen.toml", OWN_METHOD.format(extra=""))
    reasons = reasons_for(
        method, Needs(QuestionKind.EMOTION, 10, 4, Experience.NEW, Goal.UNDERSTANDING)
    )
    assert [r.criterion for r in reasons] == [Criterion.MINUTES]


# -- the command line -----------------------------------------------------------------


def test_the_cli_ranks_every_method_with_its_reasons(tmp_path: Path) -> None:
    result = cli(
        "--config", str(tmp_path), "--lang", "en", "methods",
        "--question", "problem", "--minutes", "30", "--present", "12",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "1. Five-step method (vijfstappenmethode)"
    assert "   for: suits a problem to solve" in lines[1]
    ranks = [line for line in lines if not line.startswith(" ")]
    assert len(ranks) == len(load_methods().methods)
    wise = lines.index(next(line for line in lines if "(wise-crowds)" in line))
    assert "against: suits 4–7, not 12" in "\n".join(lines[wise : wise + 4])


def test_the_cli_takes_an_own_method_file_and_names_a_broken_one(tmp_path: Path) -> None:
    methods = tmp_path / "methods"
    methods.mkdir()
    # No bundled method is for knowledge and gives understanding.
    extra = 'question_kinds = ["knowledge"]\ngoals = ["understanding"]\n'
    (methods / "eigen.toml").write_text(OWN_METHOD.format(extra=extra), "utf-8")
    (methods / "kapot.toml").write_text(
        OWN_METHOD.format(extra='experience = "expert"\n').replace('"eigen"', '"kapot"'), "utf-8"
    )
    result = cli(
        "--config", str(tmp_path), "methods", "--question", "knowledge", "--goal", "understanding"
    )  # fmt: skip
    assert "1. Eigen methode (eigen)" in result.stdout
    assert "kapot" not in result.stdout
    assert f"{methods / 'kapot.toml'}: experience: 'expert' is not one of" in result.stderr
    assert result.returncode == 1


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["--question", "gossip"], "--question: 'gossip' bestaat niet; kies uit problem, dilemma"),
        (["--experience", "expert"], "kies uit new, some, seasoned"),
        (["--goal", "help"], "--goal: 'help' bestaat niet; kies uit advice, understanding."),
        (["--minutes", "0"], "--minutes: '0' is geen aantal; geef een geheel getal vanaf 1."),
        (["--present", "twaalf"], "--present: 'twaalf' is geen aantal"),
    ],
)
def test_a_wrong_value_is_one_line_naming_the_option_and_exit_2(
    tmp_path: Path, arguments: list[str], said: str
) -> None:
    result = cli("--config", str(tmp_path), "--lang", "nl", "methods", *arguments)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert said in result.stderr
