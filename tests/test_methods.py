"""The bundled method files and the method library.

The expected minutes below are transcribed from /work/shared/METHODS.md, the method
canon, not from the method files: a typo in a file then fails here. None marks a phase
the source gives no minutes for (its clock counts up). Where the canon gives a range,
the value is the one the method file's header comment says it picked.
"""

from __future__ import annotations

import tomllib
from importlib.resources import files
from pathlib import Path

import pytest

from sessie_tui.domain.method import (
    DEFAULT_METHOD_ID,
    Method,
    PhaseKind,
    method_from_data,
)
from sessie_tui.methods import MethodLibrary, load_methods, read_method_file

# Minutes per phase, from the canon's "phases (minutes)" column.
EXPECTED_MINUTES: dict[str, list[float | None]] = {
    # 5 · 10 · 10 · 2 · 10 · 10 · 10 · 15 · 2 (about 74)
    "incidentmethode": [5, 10, 10, 2, 10, 10, 10, 15, 2],
    # look back 5 · cases 10 · choose 5 · questions 15 · analysis 10 · advice 10 ·
    # evaluation and next appointment 10 (65)
    "incidentmethode-terugblik": [5, 10, 5, 15, 10, 10, 10],
    # the default with the case round after the reflection: cases 10 · choose 5
    "incidentmethode-open": [5, 10, 5, 10, 10, 2, 10, 10, 10, 15, 2],
    # collect 5 · choose 5 · IB clarifies 10 · first associations 5 · picture forming ·
    # individual judgement · group judgement · IB decides · evaluation
    "balint": [5, 5, 10, 5, None, None, None, None, None],
    # question intro · exploration · gossip 15 · IB's experience · evaluation
    "roddelmethode": [None, None, 15, None, None],
    # question intro · exploration · core · advice round · evaluation (no minutes at all)
    "vijfstappenmethode": [None, None, None, None, None],
    # casting 5 · spontaneous account 10 · key question 5 · choice of method 5 ·
    # advice 10 · closing (the rest)
    "kollegiale-beratung": [5, 10, 5, 5, 10, None],
    # roles 5 · case and question 5 · interview 15 · hypotheses 10 · statement 5 ·
    # solutions 10 · decision 10 · exchange 5 (65)
    "heilsbronner-modell": [5, 5, 15, 10, 5, 10, 10, 5],
    # per round: reflect 1 · shares 1–2 · clarifying 1–2 · consultants 4–5 · responds 1–2,
    # upper end of each range, three rounds
    "troika-consulting": [1, 2, 2, 5, 2] * 3,
    # per client 15: present 2 · clarify 3 · consultants work 8 · feedback 2
    "wise-crowds": [2, 3, 8, 2],
    # overview and framing question 5–10 (upper end) · clarifying 5 · probing ·
    # group discussion · presenter reflects · debrief
    "consultancy-protocol": [10, 5, None, None, None, None],
    # check-in on last time's actions (a key rule, no minutes) · present 2 ·
    # clarifying 5–10 · helping 10–15 (upper ends) · summary 2 · resources 5 · action 2
    "action-learning": [None, 2, 10, 15, 2, 5, 2],
    # the first meeting of a network (the seeds): introductions · expectations and
    # learning goals · agreements · evaluation, no minutes given
    "startbijeenkomst": [None, None, None, None],
}

# Phases in which the canon has the case holder silent, turned away, out of the room
# or only listening.
EXPECTED_SILENT: dict[str, list[int]] = {
    "incidentmethode": [4, 6],
    "incidentmethode-terugblik": [4, 5],
    "incidentmethode-open": [6, 8],
    "balint": [6],
    "roddelmethode": [2],
    "vijfstappenmethode": [],
    "kollegiale-beratung": [4],
    "heilsbronner-modell": [3, 5],
    "troika-consulting": [3, 8, 13],
    "wise-crowds": [2],
    "consultancy-protocol": [3],
    "action-learning": [],
    "startbijeenkomst": [],
}

# Methods whose source ends the meeting with an evaluation (or debrief, or exchange).
ENDS_WITH_EVALUATION = {
    "incidentmethode",
    "incidentmethode-terugblik",
    "incidentmethode-open",
    "balint",
    "roddelmethode",
    "vijfstappenmethode",
    "heilsbronner-modell",
    "consultancy-protocol",
    "startbijeenkomst",
}
# A first meeting tells no case: there is nothing to gate.
WITHOUT_CASE = {"startbijeenkomst"}

BUNDLED_DIR = files("sessie_tui.methods")
BUNDLED_FILES = sorted(
    (entry for entry in BUNDLED_DIR.iterdir() if entry.name.endswith(".toml")),
    key=lambda entry: entry.name,
)

VALID_USER_METHOD = """
schema = 1
id = "{id}"
source = "own notes"
title = {{ nl = "{title}", en = "{title}" }}

[[phases]]
kind = "case_presentation"
minutes = 5
title = {{ nl = "Casus", en = "Case" }}
rule = {{ nl = "De inbrenger vertelt.", en = "The case holder tells." }}

[[phases]]
kind = "evaluation"
title = {{ nl = "Evaluatie", en = "Evaluation" }}
rule = {{ nl = "Kort evalueren.", en = "Evaluate briefly." }}
"""


@pytest.fixture(scope="module")
def library() -> MethodLibrary:
    return load_methods()


def _phase_minutes(method: Method) -> list[float | None]:
    return [phase.minutes for phase in method.phases]


def _raw(name: str) -> dict:
    return tomllib.loads(BUNDLED_DIR.joinpath(name).read_text(encoding="utf-8"))


# --- the bundled methods ---------------------------------------------------------------


def test_every_bundled_method_loads_without_problems(library: MethodLibrary) -> None:
    assert library.problems == []
    assert set(library.methods) == set(EXPECTED_MINUTES)


def test_at_least_five_methods(library: MethodLibrary) -> None:
    assert len(library.methods) >= 5


def test_default_method_is_the_timed_incident_method(library: MethodLibrary) -> None:
    assert DEFAULT_METHOD_ID == "incidentmethode"
    assert library.default.id == "incidentmethode"
    assert library.default.planned_minutes == 74
    assert library.in_order()[0].id == "incidentmethode"


@pytest.mark.parametrize("entry", BUNDLED_FILES, ids=lambda entry: entry.name)
def test_id_equals_file_name(entry) -> None:
    method = read_method_file(entry.name, entry.read_text(encoding="utf-8"))
    assert method.id == entry.name.removesuffix(".toml")
    assert method.id == method.id.lower()


@pytest.mark.parametrize("method_id", sorted(EXPECTED_MINUTES))
def test_minutes_per_phase_match_the_canon(library: MethodLibrary, method_id: str) -> None:
    method = library.get(method_id)
    assert _phase_minutes(method) == EXPECTED_MINUTES[method_id]


@pytest.mark.parametrize(
    ("method_id", "total"),
    [
        ("incidentmethode", 74),
        ("incidentmethode-terugblik", 65),
        ("heilsbronner-modell", 65),
        ("wise-crowds", 15),
    ],
)
def test_totals_the_canon_states(library: MethodLibrary, method_id: str, total: int) -> None:
    assert library.get(method_id).planned_minutes == total


def test_action_learning_issue_fits_30_to_40_minutes(library: MethodLibrary) -> None:
    assert 30 <= library.get("action-learning").planned_minutes <= 40


def test_kollegiale_beratung_timed_phases_fit_45_to_50_minutes(library: MethodLibrary) -> None:
    # The closing takes "the rest" of 45–50 minutes, so the timed phases leave room for it.
    assert library.get("kollegiale-beratung").planned_minutes < 45


@pytest.mark.parametrize("method_id", sorted(EXPECTED_SILENT))
def test_case_holder_silent_where_the_canon_says_so(library: MethodLibrary, method_id: str) -> None:
    method = library.get(method_id)
    silent = [i for i, phase in enumerate(method.phases) if phase.case_holder_silent]
    assert silent == EXPECTED_SILENT[method_id]


def test_methods_with_a_silent_case_holder(library: MethodLibrary) -> None:
    with_silence = {
        method.id
        for method in library.methods.values()
        if any(phase.case_holder_silent for phase in method.phases)
    }
    assert with_silence == {mid for mid, phases in EXPECTED_SILENT.items() if phases}


@pytest.mark.parametrize("method_id", sorted(EXPECTED_MINUTES))
def test_evaluation_phase_where_the_source_has_one(library: MethodLibrary, method_id: str) -> None:
    last = library.get(method_id).phases[-1]
    assert (last.kind is PhaseKind.EVALUATION) == (method_id in ENDS_WITH_EVALUATION)


@pytest.mark.parametrize("method_id", sorted(EXPECTED_MINUTES))
def test_confidentiality_gate_comes_before_the_case_is_discussed(
    library: MethodLibrary, method_id: str
) -> None:
    method = library.get(method_id)
    gate = method.case_gate_index
    if method_id in WITHOUT_CASE:
        assert gate is None
        return
    assert gate is not None, "a method without a case phase never asks for confidentiality"
    discussing = {PhaseKind.QUESTIONING, PhaseKind.ANALYSIS, PhaseKind.ADVICE}
    assert all(phase.kind not in discussing for phase in method.phases[:gate])


@pytest.mark.parametrize("entry", BUNDLED_FILES, ids=lambda entry: entry.name)
def test_every_text_is_given_in_dutch_and_english(entry) -> None:
    # Read the raw file: the loader falls back to Dutch when English is missing.
    data = _raw(entry.name)
    for key in ("title", "summary"):
        assert data[key]["nl"].strip() and data[key]["en"].strip(), key
    assert data["source"].strip()
    for index, phase in enumerate(data["phases"]):
        for key in ("title", "rule"):
            for lang in ("nl", "en"):
                text = phase[key][lang]
                assert text.strip(), f"phases[{index}].{key}.{lang}"


@pytest.mark.parametrize("entry", BUNDLED_FILES, ids=lambda entry: entry.name)
def test_rules_are_short_enough_for_a_projector(entry) -> None:
    data = _raw(entry.name)
    for index, phase in enumerate(data["phases"]):
        for lang in ("nl", "en"):
            rule = phase["rule"][lang]
            assert len(rule) <= 200, f"phases[{index}].rule.{lang} is {len(rule)} characters"


@pytest.mark.parametrize("entry", BUNDLED_FILES, ids=lambda entry: entry.name)
def test_header_comment_cites_the_minutes(entry) -> None:
    text = entry.read_text(encoding="utf-8")
    assert text.startswith("# ")
    assert "Minutes per phase" in text.split("schema =", 1)[0]


@pytest.mark.parametrize("method_id", sorted(EXPECTED_MINUTES))
def test_round_trip_through_to_data(library: MethodLibrary, method_id: str) -> None:
    method = library.get(method_id)
    assert method_from_data(method.to_data()) == method


# --- turns, quotas, question kinds and group sizes from the canon -----------------------


def _turns(library: MethodLibrary, method_id: str) -> list[tuple[str, int | None] | None]:
    return [
        None if phase.turns is None else (phase.turns.order.value, phase.turns.quota)
        for phase in library.get(method_id).phases
    ]


def test_roddelmethode_three_open_questions_each(library: MethodLibrary) -> None:
    assert _turns(library, "roddelmethode") == [None, ("fixed", 3), None, None, None]


def test_action_learning_one_question_plus_one_follow_up_in_fixed_order(
    library: MethodLibrary,
) -> None:
    assert _turns(library, "action-learning") == [
        None,
        None,
        ("fixed", 2),
        ("fixed", 2),
        None,
        ("fixed", None),
        None,
    ]


def test_vijfstappen_everyone_gives_at_least_one_advice(library: MethodLibrary) -> None:
    advice = library.get("vijfstappenmethode").phases[3]
    assert advice.kind is PhaseKind.ADVICE
    assert advice.turns is not None and advice.turns.quota == 1


def test_kollegiale_beratung_one_contribution_per_turn(library: MethodLibrary) -> None:
    assert _turns(library, "kollegiale-beratung") == [None, None, None, None, ("fixed", None), None]


def test_incidentmethode_turns(library: MethodLibrary) -> None:
    turns = _turns(library, "incidentmethode")
    assert turns[2] == ("fixed", None) and turns[6] == ("fixed", None)


def test_no_quotas_the_canon_does_not_give(library: MethodLibrary) -> None:
    with_quota = {
        (method.id, index)
        for method in library.methods.values()
        for index, phase in enumerate(method.phases)
        if phase.turns is not None and phase.turns.quota is not None
    }
    assert with_quota == {
        ("roddelmethode", 1),
        ("action-learning", 2),
        ("action-learning", 3),
        ("vijfstappenmethode", 3),
    }


def test_only_the_nsrf_clarifying_questions_forbid_why(library: MethodLibrary) -> None:
    no_why = {
        (method.id, index)
        for method in library.methods.values()
        for index, phase in enumerate(method.phases)
        if not phase.why_questions
    }
    assert no_why == {("consultancy-protocol", 1)}
    assert library.get("consultancy-protocol").phases[1].kind is PhaseKind.QUESTIONING


@pytest.mark.parametrize(
    ("method_id", "minimum", "maximum"),
    [
        ("balint", 5, None),
        ("wise-crowds", 4, 7),
        ("troika-consulting", 3, 3),
        # "the incident method and Kollegiale Beratung suit 5–12"
        ("incidentmethode", 5, 12),
        ("kollegiale-beratung", 5, 12),
    ],
)
def test_group_sizes_from_the_canon(
    library: MethodLibrary, method_id: str, minimum: int, maximum: int | None
) -> None:
    method = library.get(method_id)
    assert (method.min_participants, method.max_participants) == (minimum, maximum)


def test_troika_has_three_rounds_titled_per_round(library: MethodLibrary) -> None:
    phases = library.get("troika-consulting").phases
    assert len(phases) == 15
    for index, phase in enumerate(phases):
        number = index // 5 + 1
        assert phase.title.nl.startswith(f"Ronde {number}: ")
        assert phase.title.en.startswith(f"Round {number}: ")
    kinds = [phase.kind for phase in phases[:5]]
    assert [phase.kind for phase in phases] == kinds * 3
    assert kinds == [
        PhaseKind.WRITTEN_ROUND,
        PhaseKind.CASE_PRESENTATION,
        PhaseKind.QUESTIONING,
        PhaseKind.ADVICE,
        PhaseKind.REFLECTION,
    ]


def test_warning_never_covers_a_whole_phase(library: MethodLibrary) -> None:
    for method in library.methods.values():
        for index, phase in enumerate(method.phases):
            if phase.minutes is not None:
                assert method.warning_minutes < phase.minutes, f"{method.id} phases[{index}]"


# --- user method files ------------------------------------------------------------------


def test_no_user_folder_is_fine(tmp_path: Path) -> None:
    library = load_methods(tmp_path / "does-not-exist")
    assert library.problems == []
    assert set(library.methods) == set(EXPECTED_MINUTES)


def test_a_valid_user_file_is_added(tmp_path: Path) -> None:
    path = tmp_path / "eigen.toml"
    path.write_text(VALID_USER_METHOD.format(id="eigen", title="Eigen methode"), "utf-8")
    library = load_methods(tmp_path)
    assert library.problems == []
    assert set(library.methods) == set(EXPECTED_MINUTES) | {"eigen"}
    method = library.get("eigen")
    assert method.origin == str(path)
    assert _phase_minutes(method) == [5, None]


def test_a_user_file_with_a_bundled_id_replaces_it(tmp_path: Path) -> None:
    path = tmp_path / "balint.toml"
    path.write_text(VALID_USER_METHOD.format(id="balint", title="Onze Balint"), "utf-8")
    library = load_methods(tmp_path)
    assert library.problems == []
    method = library.get("balint")
    assert method.title.nl == "Onze Balint"
    assert method.origin == str(path)
    assert len(library.methods) == len(EXPECTED_MINUTES)


_VALID_PHASE = """
[[phases]]
kind = "case_presentation"
minutes = 5
title = { nl = "Casus", en = "Case" }
rule = { nl = "De inbrenger vertelt.", en = "The case holder tells." }
"""

_HEADER = """
schema = 1
id = "kapot"
source = "own notes"
title = { nl = "Kapot", en = "Broken" }
"""

BROKEN_FILES = {
    "wrong-kind": (
        _HEADER
        + """
[[phases]]
kind = "brainstorm"
title = { nl = "Brainstorm", en = "Brainstorm" }
rule = { nl = "Alles mag.", en = "Anything goes." }
""",
        "phases[0].kind: 'brainstorm' is not one of: ",
    ),
    "minutes-in-words": (
        _HEADER
        + _VALID_PHASE
        + """
[[phases]]
kind = "advice"
minutes = "tien"
title = { nl = "Advies", en = "Advice" }
rule = { nl = "Om de beurt.", en = "In turn." }
""",
        "phases[1].minutes: must be a number, got 'tien'",
    ),
    "no-phases": (_HEADER, "phases: is required but missing"),
    "phase-without-rule": (
        _HEADER
        + _VALID_PHASE
        + """
[[phases]]
kind = "evaluation"
title = { nl = "Evaluatie", en = "Evaluation" }
""",
        "phases[1].rule: is required but missing",
    ),
    "rule-without-dutch": (
        _HEADER
        + """
[[phases]]
kind = "evaluation"
title = { nl = "Evaluatie", en = "Evaluation" }
rule = { en = "Evaluate." }
""",
        "phases[0].rule.nl: is required but missing",
    ),
    "zero-quota": (
        _HEADER
        + """
[[phases]]
kind = "questioning"
turns = { order = "fixed", quota = 0 }
title = { nl = "Vragen", en = "Questions" }
rule = { nl = "Om de beurt.", en = "In turn." }
""",
        "phases[0].turns.quota: must be at least 1, got 0",
    ),
    "invalid-toml": ('id = "kapot"\nphases = [\n', "(top level): not valid TOML: "),
    "unknown-question-kind": (
        'question_kinds = ["relation", "gossip"]\n' + _HEADER + _VALID_PHASE,
        "question_kinds: 'gossip' is not one of: problem, dilemma, relation, ",
    ),
    "goals-as-text": ('goals = "advice"\n' + _HEADER + _VALID_PHASE, "goals: must be a list"),
    "unknown-experience": (
        'experience = "expert"\n' + _HEADER + _VALID_PHASE,
        "experience: 'expert' is not one of: new, some, seasoned",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN_FILES))
def test_a_broken_user_file_names_file_and_field(tmp_path: Path, case: str) -> None:
    text, expected = BROKEN_FILES[case]
    path = tmp_path / f"{case}.toml"
    path.write_text(text, "utf-8")
    (tmp_path / "eigen.toml").write_text(
        VALID_USER_METHOD.format(id="eigen", title="Eigen methode"), "utf-8"
    )
    library = load_methods(tmp_path)
    assert len(library.problems) == 1
    problem = library.problems[0]
    assert problem.path == str(path)
    assert str(problem).startswith(f"{path}: {expected}")
    # The broken file stops nothing else.
    assert set(library.methods) == set(EXPECTED_MINUTES) | {"eigen"}


def test_a_broken_user_file_with_a_bundled_id_keeps_the_bundled_method(tmp_path: Path) -> None:
    path = tmp_path / "balint.toml"
    path.write_text('schema = 1\nid = "balint"\nsource = "x"\ntitle = { nl = "B" }\n', "utf-8")
    library = load_methods(tmp_path)
    assert [str(problem) for problem in library.problems] == [
        f"{path}: phases: is required but missing"
    ]
    assert library.get("balint").origin == "sessie_tui/methods/balint.toml"


def test_several_broken_files_are_each_reported(tmp_path: Path) -> None:
    for case, (text, _) in BROKEN_FILES.items():
        (tmp_path / f"{case}.toml").write_text(text, "utf-8")
    library = load_methods(tmp_path)
    assert sorted(Path(problem.path).stem for problem in library.problems) == sorted(BROKEN_FILES)
    assert set(library.methods) == set(EXPECTED_MINUTES)
