"""Rebuild the bundled sample data in sample_data/sessions/ (a developer's tool).

Drives the real application layer (sessie_tui.live) with a FakeClock, so the
two archives are valid by construction and the same on every run:

    .venv/bin/python tests/tools/build_sample_data.py

Run it after a change to the session format, then review the diff. Ids are
made reproducible by replacing `sessie_tui.live.new_id` with a seeded
generator of the same shape (12 hex digits), for this script only.
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
from pathlib import Path

import pendulum

import sessie_tui.live as live
from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.notes import NoteKind
from sessie_tui.domain.participants import Attendance, Role
from sessie_tui.domain.session import RuleViolation, SessionInfo, SessionStatus
from sessie_tui.live import LiveSession, NoteDraft, create_session
from sessie_tui.methods import load_methods
from sessie_tui.storage.archive import encode_archive, import_archive, read_archive
from sessie_tui.storage.store import Store

TZ = "Europe/Brussels"
REPO = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2]
OUT = REPO / "sample_data" / "sessions"
WORK = Path(tempfile.gettempdir()) / "sessie-tui-sample-build"

live.local_timezone_name = lambda: TZ  # type: ignore[assignment]  # the sample is in Flanders


def seeded_ids(seed: int) -> None:
    rng = random.Random(seed)
    live.new_id = lambda: f"{rng.getrandbits(48):012x}"  # type: ignore[assignment]


def epoch(text: str) -> float:
    return pendulum.parse(text, tz=TZ).timestamp()


class Timeline:
    """Moves a FakeClock forward to absolute local times (never back)."""

    def __init__(self, start: str) -> None:
        self.clock = FakeClock(start=epoch(start))

    def to(self, when: float) -> None:
        delta = when - self.clock.time()
        assert delta >= 0, f"time would go back by {-delta} s"
        self.clock.advance(delta)

    def at(self, text: str) -> None:
        self.to(epoch(text))


NETWORK = "Lerend netwerk Zorgcoördinatoren Oost-Vlaanderen"
NETWORK_ID = "zoco-oost-vlaanderen"
PLACE = "CLB Gent, zaal 2"

# The twelve members, in the order the facilitator enters them; the key is a short handle
# for this script, the member id ties a person's participant records across meetings.
MEMBERS = {
    "annelies": "Annelies Vermeulen",
    "bart": "Bart Verhaegen",
    "dries": "Dries Claes",
    "emre": "Emre Yildiz",
    "filip": "Filip Maes",
    "griet": "Griet Wouters",
    "ilse": "Ilse Van den Broeck",
    "katrien": "Katrien De Backer",
    "nathalie": "Nathalie Verstraete",
    "pieterjan": "Pieter-Jan Goossens",
    "sofie": "Sofie Lambrecht",
    "yasmina": "Yasmina El Amrani",
}
_member_rng = random.Random(20261012)
MEMBER_IDS = {key: f"{_member_rng.getrandbits(48):012x}" for key in MEMBERS}

METHOD = load_methods().get("incidentmethode")


def add_members(s: LiveSession, t: Timeline, excused: set[str]) -> dict[str, str]:
    ids = {}
    for key, name in MEMBERS.items():
        attendance = Attendance.EXCUSED if key in excused else Attendance.PRESENT
        ids[key] = s.add_participant(name, attendance=attendance, member_id=MEMBER_IDS[key]).id
        t.clock.advance(11)
    return ids


# ---------------------------------------------------------------------------------------------
# Session A: meeting 3, 12 October 2026, completed.
# ---------------------------------------------------------------------------------------------


def build_a(store: Store) -> str:
    seeded_ids(3)
    t = Timeline("2026-10-12T18:35:00")
    sid = create_session(
        store,
        method=METHOD,
        clock=t.clock,
        lang="nl",
        session_id="20261012-demo",
        info=SessionInfo(
            network=NETWORK,
            topic="Samenwerken met ouders bij problematische afwezigheden",
            date="2026-10-12",
            place=PLACE,
            start_time="19:00",
            number=3,
            network_id=NETWORK_ID,
        ),
    )
    s = LiveSession(store, sid, t.clock)

    # 18:36 the facilitator enters the group; Griet let them know she cannot come.
    t.at("2026-10-12T18:36:10")
    p = add_members(s, t, excused={"griet"})
    t.clock.advance(25)
    s.set_role(p["annelies"], Role.FACILITATOR)
    t.clock.advance(6)
    s.set_role(p["dries"], Role.CASE_HOLDER)
    t.clock.advance(6)
    s.set_role(p["katrien"], Role.NOTE_TAKER)

    # 18:41 the case holder's title and question; he agrees absentees may read the question.
    t.at("2026-10-12T18:41:30")
    s.update_info(
        case_title="Een vader die het MDO verlaat",
        case_question=(
            "Hoe herstel ik het vertrouwen met de ouders, zodat we samen verder kunnen werken "
            "aan het schoolverzuim van hun zoon, zonder dat de afspraken met het CLB op de "
            "helling komen te staan?"
        ),
        share_case_question=True,
    )

    # 18:50-18:59 people arrive and tick the agreement as they sit down.
    arrivals = [
        ("annelies", "18:50:05"),
        ("katrien", "18:50:40"),
        ("dries", "18:52:15"),
        ("ilse", "18:53:30"),
        ("bart", "18:54:50"),
        ("nathalie", "18:55:20"),
        ("yasmina", "18:56:45"),
        ("sofie", "18:57:10"),
        ("pieterjan", "18:58:35"),
    ]
    for key, hhmmss in arrivals:
        t.at(f"2026-10-12T{hhmmss}")
        s.acknowledge(p[key])

    # 19:00 Filip has not come and sent no word; the clock starts with the first phase
    # (before the case gate), Emre is still on his way.
    t.at("2026-10-12T18:59:50")
    s.update_participant(p["filip"], attendance=Attendance.ABSENT)
    t.at("2026-10-12T19:00:00")
    s.toggle_clock()
    assert s.session.status is SessionStatus.RUNNING

    def phase_note(offset: float, start: float, draft: NoteDraft) -> None:
        t.to(start + offset)
        s.add_note(draft)

    def note(
        text: str, kind: NoteKind = NoteKind.NOTE, speaker: str | None = None, **kw
    ) -> NoteDraft:
        return NoteDraft(
            text=text, kind=kind, author=p["katrien"], speaker=p[speaker] if speaker else None, **kw
        )

    # Phase 1 (index 0): reflect on an incident, 5 min planned, 5:30 actual.
    start = t.clock.time()
    phase_note(
        50,
        start,
        note(
            "Iedereen denkt in stilte na over een recent incident uit de eigen school en noteert "
            "het kort. Dries brengt het incident in dat hij op bijeenkomst 2 al had aangekondigd."
        ),
    )
    # The case cannot be told before Emre, who is present, has acknowledged the agreement.
    t.to(start + 110)
    try:
        s.go_to_phase(1)
    except RuleViolation as refused:
        assert refused.key == "rule.gate_closed", refused.key
    else:
        raise AssertionError("the gate let the case start without Emre's acknowledgement")
    t.to(start + 125)  # 19:02:05
    s.acknowledge(p["emre"])
    phase_note(
        160,
        start,
        note(
            "Emre komt om 19u02 binnen en bevestigt de vertrouwelijkheidsafspraak nog voor de "
            "casusinbreng. Filip is afwezig zonder bericht; Griet is verontschuldigd."
        ),
    )
    assert s.session.gate_open
    t.to(start + 330)
    s.next_phase()

    # Phase 2 (index 1): the case holder tells the incident, 10 min planned, 11:40 actual.
    start = t.clock.time()
    phase_note(
        140,
        start,
        note(
            "Dries is zorgcoördinator in een secundaire school met TSO en BSO. Een leerling uit "
            "het 4de jaar heeft sinds 1 september al 12 halve dagen problematische afwezigheden "
            "(B-codes); vorig schooljaar liep dat op tot meer dan 30.",
            speaker="dries",
        ),
    )
    phase_note(
        330,
        start,
        note(
            "Vorige donderdag was er een MDO met beide ouders, de klastitularis, de "
            "CLB-medewerker en Dries. Toen de CLB-medewerker zei dat de school ‘verontrust’ is "
            "en een melding niet uitsluit, stond de vader recht en verliet hij het lokaal. De "
            "moeder bleef zitten en brak.",
            speaker="dries",
        ),
    )
    phase_note(
        470,
        start,
        note(
            "Naam van de leerling (fictief): Robbe V., 4 Elektromechanica. De ouders zijn "
            "gescheiden; hij woont afwisselend bij allebei. Niet in het verslag voor afwezigen.",
            kind=NoteKind.CONFIDENTIAL,
        ),
    )
    phase_note(
        640,
        start,
        note(
            "Moment van beslissing: gaat Dries verder met de moeder alleen, of stopt hij het "
            "overleg en plant hij een nieuw gesprek met beide ouders?",
            speaker="dries",
        ),
    )
    t.to(start + 700)
    s.next_phase()

    # Phase 3 (index 2): factual questions in turn, 10 min planned + 1 min given, 11:30 actual.
    start = t.clock.time()
    questions = [
        (75, "yasmina", "Hoe kijkt de leerling zelf naar zijn afwezigheden?"),
        (170, "pieterjan", "Heb je al overwogen om de directeur erbij te betrekken?"),
        (310, "ilse", "Welke afspraken bestonden er al tussen school en CLB over deze leerling?"),
        (430, "sofie", "Was de leerling zelf ook uitgenodigd op het MDO?"),
    ]
    for offset, who, text in questions:
        phase_note(offset, start, note(text, kind=NoteKind.QUESTION, speaker=who))
        if who == "pieterjan":
            phase_note(
                200,
                start,
                note(
                    "Annelies merkt op dat de vraag van Pieter-Jan eigenlijk een advies is; dat "
                    "bewaren we voor de adviesronde.",
                    speaker="annelies",
                ),
            )
    t.to(start + 565)
    s.adjust_clock(60)  # the facilitator gives the round one more minute
    phase_note(
        600,
        start,
        note(
            "Wanneer heb je na het overleg nog contact gehad met de ouders, en met wie?",
            kind=NoteKind.QUESTION,
            speaker="emre",
        ),
    )
    t.to(start + 690)
    s.next_phase()

    # Phase 4 (index 3): is the picture clear, 2 min planned, 1:35 actual.
    start = t.clock.time()
    phase_note(
        55,
        start,
        note(
            "Annelies vat samen: een leerling met oplopende problematische afwezigheden, ouders "
            "die samen naar het MDO kwamen, een vader die vertrok toen het woord ‘verontrusting’ "
            "viel, en een zorgcoördinator die moest kiezen tussen doorgaan en stoppen. Dries "
            "stuurde nadien een bericht via Smartschool, maar kreeg nog geen antwoord.",
            speaker="annelies",
        ),
    )
    phase_note(
        85,
        start,
        note(
            "Dries bevestigt dat het beeld klopt; er zijn geen bijkomende vragen.", speaker="dries"
        ),
    )
    t.to(start + 95)
    s.next_phase()

    # Phase 5 (index 4): analysis without the case holder, 10 min planned, 10:30 actual.
    start = t.clock.time()
    assert s.session.phase.case_holder_silent
    try:
        s.add_note(note("Mag ik daar even op reageren?", speaker="dries"))
    except RuleViolation as refused:
        assert refused.key == "rule.case_holder_silent", refused.key
    else:
        raise AssertionError("the case holder was heard in a silent phase")
    analysis = [
        (
            80,
            "bart",
            "Het woord ‘verontrusting’ kwam bij de ouders binnen als een beschuldiging: ‘jullie "
            "zijn slechte ouders’. Vanaf dat moment ging het niet meer over hun zoon.",
        ),
        (
            190,
            "yasmina",
            "Vier mensen van school en CLB tegenover twee ouders: dat kan aanvoelen als een "
            "tribunaal, ook al was het niet zo bedoeld.",
        ),
        (
            310,
            "nathalie",
            "De moeder lijkt een bondgenoot, maar als de school alleen met haar verdergaat, kan "
            "dat de vader nog verder wegduwen.",
        ),
        (
            420,
            "ilse",
            "Wie is eigenaar van het probleem? De school wil de afwezigheden stoppen, de ouders "
            "willen vooral dat hun zoon niet als probleemgeval gezien wordt.",
        ),
        (
            560,
            "emre",
            "Misschien zijn de afwezigheden een signaal van iets anders: geen goesting meer in "
            "de richting, of spanningen thuis. Daar ging het overleg nog niet over.",
        ),
    ]
    for offset, who, text in analysis:
        phase_note(offset, start, note(text, speaker=who))
    t.to(start + 630)
    s.next_phase()

    # Phase 6 (index 5): everyone writes what they would do, 10 min planned, 10:20 actual.
    start = t.clock.time()
    phase_note(
        20,
        start,
        note(
            "Annelies vraagt om per advies één concrete eerste stap op te schrijven, geen "
            "algemene raad.",
            speaker="annelies",
        ),
    )
    phase_note(
        45,
        start,
        note(
            "Iedereen schrijft in stilte op wat hij of zij zou doen. Dries noteert intussen wat "
            "hij echt deed, voor zijn reactie straks."
        ),
    )
    t.to(start + 620)
    s.next_phase()

    # Phase 7 (index 6): advice in turn, the case holder listens, 10 min planned, 12:30 actual.
    start = t.clock.time()
    advice = [
        (
            "annelies",
            "Stuur de ouders vóór een volgend overleg een korte uitnodiging met het doel, wie er "
            "zal zijn en wat de school wil bereiken, zodat niets als een verrassing komt.",
        ),
        (
            "bart",
            "Bel de vader zelf op, zonder het CLB erbij, en zeg dat je zijn boosheid begrijpt. "
            "Vraag wat hij nodig heeft om opnieuw aan tafel te komen.",
        ),
        (
            "emre",
            "Praat eerst met de leerling zelf: wat houdt hem weg van school? Zijn verhaal kan "
            "het gesprek met de ouders openbreken.",
        ),
        (
            "ilse",
            "Spreek met de CLB-medewerker vooraf af wie wat zegt en welke woorden jullie "
            "gebruiken, zodat jullie als één team overkomen.",
        ),
        (
            "katrien",
            "Leg uit wat ‘verontrusting’ in de aanpak van het CLB concreet betekent en wat niet; "
            "nu bleef het woord als een dreiging hangen.",
        ),
        (
            "nathalie",
            "Ga niet verder met alleen de moeder: nodig beide ouders uit voor een nieuw gesprek, "
            "eventueel apart als samen niet lukt.",
        ),
        (
            "pieterjan",
            "Betrek de directeur pas als het gesprek met de ouders vastloopt; nu zou dat de "
            "spanning alleen opdrijven.",
        ),
        (
            "sofie",
            "Geef de ouders iets concreets in handen, bijvoorbeeld een wekelijks kort contact "
            "met de klastitularis over de aanwezigheden, zodat ze zien dat de school met hen "
            "samenwerkt.",
        ),
        (
            "yasmina",
            "Houd het volgende overleg klein: jij, de klastitularis en de ouders. Laat de ouders "
            "eerst vertellen hoe zij het zien, en breng pas daarna de cijfers.",
        ),
    ]
    for index, (who, text) in enumerate(advice):
        phase_note(55 + index * 78, start, note(text, kind=NoteKind.ADVICE, speaker=who))
    t.to(start + 750)
    s.next_phase()

    # Phase 8 (index 7): the case holder responds, 15 min planned, 15:35 actual.
    start = t.clock.time()
    phase_note(
        150,
        start,
        note(
            "Dries vertelt wat hij echt deed: hij rondde het overleg met de moeder na tien "
            "minuten af en stuurde de vader ’s avonds een bericht via Smartschool. De vader "
            "reageerde niet; de leerling was de twee dagen nadien afwezig.",
            speaker="dries",
        ),
    )
    phase_note(
        260,
        start,
        note(
            "Ik wilde vooral dat het gesprek niet ontplofte, en daardoor heb ik zelf bijna niets "
            "gezegd.",
            kind=NoteKind.QUOTE,
            speaker="dries",
        ),
    )
    # The case holder marks the advice he takes along (as in the reflection panel).
    for advice_note in s.session.live_notes():
        if advice_note.kind is NoteKind.ADVICE and advice_note.speaker in (p["bart"], p["yasmina"]):
            s.set_taken_along(advice_note.id, True)
    phase_note(
        520,
        start,
        note(
            "Dries neemt vooral de adviezen van Bart (de vader zelf opbellen) en Yasmina (een "
            "klein overleg, de ouders eerst aan het woord) mee. Eerst met de leerling praten "
            "vindt hij sterk, maar daar is de klastitularis beter voor geplaatst.",
            speaker="dries",
        ),
    )
    phase_note(
        700,
        start,
        note(
            "Dries belt de vader op en stelt een gesprek voor met enkel de ouders, de "
            "klastitularis en hemzelf.",
            kind=NoteKind.ACTION,
            speaker="dries",
            owner=p["dries"],
            due="2026-10-16",
        ),
    )
    phase_note(
        790,
        start,
        note(
            "Ilse mailt het netwerk de checklist ‘Voorbereiding MDO met ouders’ die haar school "
            "gebruikt.",
            kind=NoteKind.ACTION,
            speaker="ilse",
            owner=p["ilse"],
            due="2026-10-23",
        ),
    )
    t.to(start + 880)
    s.update_info(
        takeaway=(
            "Bij een moeilijk overleg met ouders eerst de relatie herstellen en dan pas de "
            "afspraken maken: een klein overleg, de ouders eerst aan het woord, en gevoelige "
            "woorden als ‘verontrusting’ vooraf uitleggen."
        )
    )
    t.to(start + 935)
    s.next_phase()

    # Phase 9 (index 8): evaluation, 2 min planned, 2:50 actual.
    start = t.clock.time()
    assert s.session.is_last_phase
    phase_note(
        15,
        start,
        note(
            "Volgende bijeenkomst op maandag 23 november 2026 om 19u in het CLB Gent. Yasmina "
            "brengt een casus in, Ilse is gespreksleider en Bart notuleert.",
            kind=NoteKind.DECISION,
            speaker="annelies",
        ),
    )
    t.to(start + 25)
    s.update_info(next_meeting="maandag 23 november 2026, 19u, CLB Gent")
    evaluations = [
        ("dries", 5, "Deugddoend om dit te kunnen delen. Ik weet wat ik deze week doe."),
        ("annelies", 4, "Goede sfeer; de vragenronde mag strakker op tijd."),
        ("bart", 4, ""),
        ("emre", 4, "Jammer dat ik de start miste, maar ik kon goed aansluiten."),
        ("ilse", 4, "Herkenbare casus; de analyse zonder inbrenger werkte goed."),
        ("katrien", 4, "Veel adviezen om te noteren; de schrijfronde vooraf hielp."),
        ("nathalie", 5, "Heel bruikbaar voor onze eigen MDO's."),
        ("pieterjan", 3, "Ik betrapte mezelf op een adviesvraag; goed dat dat benoemd werd."),
        ("sofie", 5, "Concrete adviezen, daar kan ik morgen mee aan de slag."),
        ("yasmina", 4, ""),
    ]
    for index, (who, score, remark) in enumerate(evaluations):
        t.to(start + 35 + index * 9)
        s.record_evaluation(p[who], score, remark)
    phase_note(
        140,
        start,
        note(
            "Korte evaluatie: de schrijfronde vooraf werkt, de vragenronde liep uit. Volgende "
            "keer bewaakt de gespreksleider strakker dat vragen geen verkapte adviezen zijn. "
            "Katrien stuurt het verslag binnen de week rond, ook naar Filip en Griet."
        ),
    )
    t.to(start + 170)
    s.end()
    assert s.session.status is SessionStatus.ENDED
    return sid


# ---------------------------------------------------------------------------------------------
# Session B: meeting 4, 23 November 2026, set up and ready to start.
# ---------------------------------------------------------------------------------------------


def build_b(store: Store) -> str:
    seeded_ids(4)
    t = Timeline("2026-11-23T18:40:00")
    sid = create_session(
        store,
        method=METHOD,
        clock=t.clock,
        lang="nl",
        session_id="20261123-demo",
        info=SessionInfo(
            network=NETWORK,
            topic="Redelijke aanpassingen in de klas",
            date="2026-11-23",
            place=PLACE,
            start_time="19:00",
            number=4,
            network_id=NETWORK_ID,
        ),
    )
    s = LiveSession(store, sid, t.clock)
    t.at("2026-11-23T18:41:00")
    p = add_members(s, t, excused={"pieterjan"})
    t.clock.advance(20)
    s.set_role(p["ilse"], Role.FACILITATOR)
    t.clock.advance(6)
    s.set_role(p["yasmina"], Role.CASE_HOLDER)
    t.clock.advance(6)
    s.set_role(p["bart"], Role.NOTE_TAKER)
    t.at("2026-11-23T18:44:30")
    s.update_info(
        case_title="Een collega die de afgesproken aanpassingen niet toepast",
        case_question=(
            "Hoe spreek ik een ervaren collega aan die de afgesproken redelijke aanpassingen "
            "voor een leerling niet toepast, zonder dat de samenwerking in het lerarenteam "
            "eronder lijdt?"
        ),
    )
    assert s.session.status is SessionStatus.SETUP
    assert not s.session.acknowledgements
    return sid


def main() -> None:
    if WORK.exists():
        shutil.rmtree(WORK)
    store = Store(WORK / "build-store")
    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    for build in (build_a, build_b):
        sid = build(store)
        path = OUT / f"{sid}.json"
        path.write_bytes(encode_archive(store.read_session(sid)))
        written.append(path)
    keep = REPO / "sample_data" / ".keep"
    if keep.exists():
        keep.unlink()

    # Validate: each file reads back, imports into a fresh store, and lists.
    fresh = Store(WORK / "import-store")
    for path in written:
        session, _ = read_archive(path)
        imported = import_archive(fresh, path)
        assert imported.id == session.id
        assert encode_archive(fresh.read_session(session.id)) == path.read_bytes()
        print(f"{path} {path.stat().st_size} bytes, status {session.status.value}")
    for entry in fresh.list_sessions():
        print(" ", entry.id, entry.status, entry.date, entry.number, entry.topic)


if __name__ == "__main__":
    main()
