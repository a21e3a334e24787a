"""Rebuild the bundled sample data in sample_data/ (a developer's tool).

The four meetings of the sample network so far: the first meeting (start-up),
two finished meetings with a case, and the next one, set up and ready to start;
and the network itself. Drives the real application layer (sessie_tui.live)
with a FakeClock, so the archives are valid by construction and the same on
every run:

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
from sessie_tui.domain.confidentiality import Agreement
from sessie_tui.domain.method import Method
from sessie_tui.domain.network import Network, look_back_items, meetings_of
from sessie_tui.domain.notes import NoteKind
from sessie_tui.domain.participants import Attendance, Role
from sessie_tui.domain.session import (
    FollowUpStatus,
    RuleViolation,
    Session,
    SessionInfo,
    SessionStatus,
)
from sessie_tui.live import LiveSession, NoteDraft, create_session
from sessie_tui.methods import load_methods
from sessie_tui.storage.archive import (
    NETWORK_ARCHIVE,
    encode_archive,
    import_archive,
    read_archive,
    read_network_archive,
)
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

METHODS = load_methods()
METHOD = METHODS.get("incidentmethode")

# What the network knows of its members (all fictional), and its planned track.
ORGANISATIONS = {
    "annelies": ("CLB Gent", "psycholoog"),
    "bart": ("Sint-Lievenscollege", "zorgleerkracht"),
    "dries": ("Don Bosco Sint-Denijs-Westrem", "zorgcoördinator"),
    "emre": ("GO! Atheneum Gentbrugge", "leerlingenbegeleider"),
    "filip": ("Sint-Barbaracollege", "zorgcoördinator"),
    "griet": ("Lyceum Aalst", "zorgcoördinator"),
    "ilse": ("CLB Eeklo", "maatschappelijk werker"),
    "katrien": ("Sint-Pauluscollege Wetteren", "zorgcoördinator"),
    "nathalie": ("CLB Eeklo", "psychopedagogisch consulent"),
    "pieterjan": ("Sint-Janscollege", "adjunct-directeur"),
    "sofie": ("Atheneum Deinze", "zorgleerkracht"),
    "yasmina": ("Sint-Vincentiusschool", "zorgcoördinator"),
}
TRACK = ["2026-06-08", "2026-09-14", "2026-10-12", "2026-11-23", "2027-01-18", "2027-03-15"]


def network_tables() -> dict:
    """The network the sample meetings belong to, with the members' ids they use."""
    from sessie_tui.live import default_agreement

    tables = {
        "network": {
            "1": {
                "id": NETWORK_ID,
                "name": NETWORK,
                "created_at": "2026-05-18T10:00:00+02:00",
                "theme": "Zorg op school: samenwerken met leerlingen, ouders en het CLB",
                "goal": "Van elkaars praktijk leren en samen sterker staan in moeilijke situaties.",
                "status": "active",
            }
        },
        "members": {
            str(index): {
                "id": MEMBER_IDS[key],
                "name": name,
                "organisation": ORGANISATIONS[key][0],
                "function": ORGANISATIONS[key][1],
                "contact": f"{key}@example.be",
            }
            for index, (key, name) in enumerate(MEMBERS.items(), start=1)
        },
        "track": {
            str(number): {"number": number, "date": date}
            for number, date in enumerate(TRACK, start=1)
        },
        "agreements": {
            "1": {
                "version": 1,
                "text": default_agreement("nl").text,
                "at": "2026-06-08T19:05:00+02:00",
            }
        },
        "final_evaluation": {},
    }
    Network.from_tables(tables)  # it must read back
    return tables


def network_agreement() -> Agreement:
    """The network's agreement: every meeting names its version, as `new_meeting` does."""
    from sessie_tui.domain.network import Network

    agreement = Network.from_tables(network_tables()).agreement()
    assert agreement is not None
    return agreement


def meeting(
    store: Store,
    t: Timeline,
    method: Method,
    session_id: str,
    *,
    number: int,
    topic: str,
    date: str,
) -> LiveSession:
    """A meeting of the sample network at CLB Gent, 19:00, in setup."""
    create_session(
        store,
        method=method,
        clock=t.clock,
        lang="nl",
        agreement=network_agreement(),
        session_id=session_id,
        info=SessionInfo(
            network=NETWORK,
            topic=topic,
            date=date,
            place=PLACE,
            start_time="19:00",
            number=number,
            network_id=NETWORK_ID,
        ),
    )
    return LiveSession(store, session_id, t.clock)


def add_members(s: LiveSession, t: Timeline, excused: set[str]) -> dict[str, str]:
    ids = {}
    for key, name in MEMBERS.items():
        attendance = Attendance.EXCUSED if key in excused else Attendance.PRESENT
        ids[key] = s.add_participant(name, attendance=attendance, member_id=MEMBER_IDS[key]).id
        t.clock.advance(11)
    return ids


# ---------------------------------------------------------------------------------------------
# Meeting 1: 8 June 2026, the network's first meeting (startbijeenkomst), completed.
# ---------------------------------------------------------------------------------------------

MEETING_1 = "20260608-demo"
MEETING_2 = "20260914-demo"


def build_meeting_1(store: Store) -> str:
    seeded_ids(1)
    t = Timeline("2026-06-08T18:30:00")
    s = meeting(
        store,
        t,
        METHODS.get("startbijeenkomst"),
        MEETING_1,
        number=1,
        topic="Startbijeenkomst: kennismaken, verwachtingen en afspraken",
        date="2026-06-08",
    )
    sid = s.id

    # 18:31 Nathalie, who started the network, enters the group: all twelve said they come.
    # The first meeting has no case, so there is no case holder.
    t.at("2026-06-08T18:31:20")
    p = add_members(s, t, excused=set())
    t.clock.advance(30)
    s.set_role(p["nathalie"], Role.FACILITATOR)
    t.clock.advance(6)
    s.set_role(p["sofie"], Role.NOTE_TAKER)
    assert s.session.case_holder is None
    assert s.session.method.case_gate_index is None  # no case is told: the clock may start

    def note(
        text: str, kind: NoteKind = NoteKind.NOTE, speaker: str | None = None, **kw
    ) -> NoteDraft:
        return NoteDraft(
            text=text, kind=kind, author=p["sofie"], speaker=p[speaker] if speaker else None, **kw
        )

    def turn_of(key: str) -> None:
        assert s.session.turns(s.session.current_phase).current == p[key], key

    # 19:00 the clock starts (untimed phases: it counts up) with the round of introductions,
    # in the order of the list.
    t.at("2026-06-08T19:00:00")
    s.toggle_clock()
    assert s.session.status is SessionStatus.RUNNING
    start = t.clock.time()
    t.to(start + 40)
    s.add_note(
        note(
            "Nathalie heet iedereen welkom en schetst het opzet: zes bijeenkomsten over zorg op "
            "school, telkens met een casus uit onze eigen praktijk, in een netwerk dat we samen "
            "dragen.",
            speaker="nathalie",
        )
    )
    for index, key in enumerate(MEMBERS):
        t.to(start + 150 + index * 135)
        turn_of(key)
        s.next_speaker()
    assert s.session.turns(0).finished
    t.to(start + 1_700)
    s.add_note(
        note(
            "Drie leden zijn pas dit schooljaar in hun functie gestart; Annelies, Ilse en "
            "Nathalie komen vanuit het CLB, Pieter-Jan vanuit een directie."
        )
    )
    t.to(start + 1_760)
    s.add_note(
        note(
            "Wat in de voorstelling telkens terugkomt: samenwerken met ouders, problematische "
            "afwezigheden, redelijke aanpassingen, en collega's die het zwaar hebben."
        )
    )
    t.to(start + 1_810)  # 19:30:10
    s.next_phase()

    # Phase 2 (index 1): everyone's expectations and learning goals, in turn; Sofie types
    # them into the table as they are said. A few have no learning goal yet.
    start = t.clock.time()
    expectations = {
        "annelies": (
            "Ik hoop de scholen beter te leren kennen en te horen waar ze met het CLB op "
            "vastlopen.",
            "Duidelijker uitleggen wat het CLB wel en niet kan doen.",
        ),
        "bart": (
            "Ik verwacht praktische tips die ik de dag nadien in de klas kan gebruiken.",
            "Redelijke aanpassingen haalbaar maken voor collega's in een volle klas.",
        ),
        "dries": (
            "Ik zoek een plek om moeilijke gesprekken met ouders rustig te bespreken.",
            "Sterker staan in gesprekken met ouders over problematische afwezigheden.",
        ),
        "emre": (
            "Ik ben nieuw als leerlingenbegeleider en wil leren van collega's met meer ervaring.",
            "Een eigen aanpak vinden voor leerlingen die dreigen af te haken.",
        ),
        "filip": ("Ik wil vooral horen hoe andere scholen hun zorgwerking organiseren.", ""),
        "griet": (
            "Ik verwacht een veilige groep waarin we ook over mislukkingen durven praten.",
            "Collega's met signalen van burn-out tijdig en respectvol aanspreken.",
        ),
        "ilse": (
            "Ik hoop dat we samen werkbare afspraken vinden tussen school en CLB.",
            "Ouders die het CLB wantrouwen toch mee aan tafel krijgen.",
        ),
        "katrien": (
            "Ik verwacht eerlijke feedback op hoe ik leerlingen met angst opvang.",
            "Een aanpak leren voor leerlingen die niet meer naar school durven.",
        ),
        "nathalie": (
            "Ik hoop dat dit netwerk na een jaar op eigen benen staat.",
            "Groeien als gespreksleider van intervisie.",
        ),
        "pieterjan": (
            "Ik wil de zorgkant beter begrijpen, als directielid dat vaak pas laat betrokken "
            "wordt.",
            "",
        ),
        "sofie": (
            "Ik verwacht herkenning: zien dat andere scholen met dezelfde vragen worstelen.",
            "Handelingsplannen opstellen die leerkrachten ook echt gebruiken.",
        ),
        "yasmina": (
            "Ik hoop op concrete ideeën om het leersteundecreet op school werkbaar te maken.",
            "Collega's overtuigen om afgesproken aanpassingen ook echt toe te passen.",
        ),
    }
    assert list(expectations) == list(MEMBERS)
    for index, (key, (expected, goals)) in enumerate(expectations.items()):
        t.to(start + 130 + index * 165)
        turn_of(key)
        s.record_expectation(p[key], expected, goals)
        t.clock.advance(15)
        s.next_speaker()
    t.to(start + 2_120)
    s.add_note(
        note(
            "Opvallend veel verwachtingen gaan over ouders en over afwezigheden. Nathalie stelt "
            "voor om die thema's mee te nemen bij het kiezen van de casussen.",
            speaker="nathalie",
        )
    )
    t.to(start + 2_190)  # 20:06:40
    s.next_phase()

    # Phase 3 (index 2): the agreements, confidentiality first, then the practicalities.
    start = t.clock.time()
    t.to(start + 60)
    s.add_note(
        note(
            "Nathalie legt de vertrouwelijkheidsafspraak voor. We brengen casussen anoniem in, "
            "zonder namen van leerlingen, ouders of collega's; wie een naam noemt, doet dat "
            "alleen in een vertrouwelijke notitie.",
            speaker="nathalie",
        )
    )
    # Each member ticks the agreement as it goes round the table.
    for index, key in enumerate(MEMBERS):
        t.to(start + 300 + index * 14)
        s.acknowledge(p[key])
    assert s.session.gate_open and not s.session.missing_acknowledgements()
    t.to(start + 520)
    s.add_note(
        note(
            "Wat in het netwerk gezegd wordt, blijft in het netwerk. Alle twaalf leden hebben de "
            "vertrouwelijkheidsafspraak bevestigd.",
            kind=NoteKind.DECISION,
            speaker="nathalie",
        )
    )
    t.to(start + 760)
    s.add_note(
        note(
            "We komen zes keer samen, telkens op maandag van 19u tot 21u in het CLB Gent, zaal "
            "2: 8 juni, 14 september, 12 oktober en 23 november 2026, 18 januari en 15 maart "
            "2027.",
            kind=NoteKind.DECISION,
            speaker="nathalie",
        )
    )
    t.to(start + 1_020)
    s.add_note(
        note(
            "De rollen van gespreksleider, inbrenger en notulist wisselen elke bijeenkomst; "
            "niemand neemt twee keer dezelfde rol op. Op bijeenkomst 2 is Griet gespreksleider "
            "en notuleert Emre; we werken dan met de incidentmethode met terugblik en kiezen de "
            "casus op de avond zelf.",
            kind=NoteKind.DECISION,
            speaker="nathalie",
        )
    )
    t.to(start + 1_180)
    s.add_note(
        note(
            "Wie niet kan komen, verwittigt de gespreksleider vooraf. Het verslag gaat naar "
            "iedereen, ook naar wie afwezig was, maar zonder de vertrouwelijke notities."
        )
    )
    t.to(start + 1_330)
    s.add_note(
        note(
            "Ilse maakt een gedeelde map aan voor de documenten van het netwerk en stuurt "
            "iedereen de link.",
            kind=NoteKind.ACTION,
            speaker="ilse",
            owner=p["ilse"],
            due="2026-06-30",
        )
    )
    t.to(start + 1_450)
    s.add_note(
        note(
            "Annelies vraagt bij het CLB Gent na of zaal 2 ook voor de bijeenkomsten in 2027 "
            "vrij is.",
            kind=NoteKind.ACTION,
            speaker="annelies",
            owner=p["annelies"],
            due="2026-09-11",
        )
    )
    t.to(start + 1_560)  # 20:32:40
    s.next_phase()

    # Phase 4 (index 3): evaluation.
    start = t.clock.time()
    assert s.session.is_last_phase
    t.to(start + 30)
    s.update_info(
        next_meeting_date="2026-09-14", next_meeting_time="19:00", next_meeting_place="CLB Gent"
    )
    evaluations = [
        ("annelies", 4, "Fijn om de scholen eens van dichtbij te horen."),
        ("bart", 4, ""),
        ("dries", 4, "Goed begin; ik kijk uit naar de eerste casus."),
        ("emre", 5, "Als nieuwe voel ik me hier meteen welkom."),
        ("filip", 3, "De voorstellingsronde duurde voor mij te lang."),
        ("griet", 4, "Heldere afspraken, dat geeft vertrouwen."),
        ("ilse", 4, ""),
        ("katrien", 4, "Herkenbare verwachtingen; ik ben niet de enige."),
        ("pieterjan", 3, "Nog wat zoeken naar mijn plaats als directielid."),
        ("sofie", 4, "Veel te noteren, maar de tabel met verwachtingen hielp."),
        ("yasmina", 4, ""),
    ]
    for index, (who, score, remark) in enumerate(evaluations):
        t.to(start + 60 + index * 20)
        s.record_evaluation(p[who], score, remark)
    t.to(start + 330)
    s.add_note(
        note(
            "Korte evaluatie: de voorstellingsronde was lang, maar iedereen vond ze nodig voor "
            "een eerste keer. Volgende keer starten we met de terugblik op de actiepunten. Sofie "
            "stuurt het verslag binnen de week rond."
        )
    )
    t.to(start + 400)  # 20:39:20
    s.end()
    assert s.session.status is SessionStatus.ENDED
    assert set(s.session.expectations) == {person.id for person in s.session.present()}
    assert not s.session.info.takeaway
    return sid


# ---------------------------------------------------------------------------------------------
# Meeting 2: 14 September 2026, incident method with a look-back, completed.
# ---------------------------------------------------------------------------------------------


def build_meeting_2(store: Store) -> str:
    seeded_ids(2)
    t = Timeline("2026-09-14T18:35:00")
    s = meeting(
        store,
        t,
        METHODS.get("incidentmethode-terugblik"),
        MEETING_2,
        number=2,
        topic="Leerlingen die niet meer naar school durven",
        date="2026-09-14",
    )
    sid = s.id

    # 18:36 Griet enters the group; Filip let her know he cannot come. The case holder is
    # chosen on the evening itself, after the round of cases.
    t.at("2026-09-14T18:36:05")
    p = add_members(s, t, excused={"filip"})
    t.clock.advance(20)
    s.set_role(p["griet"], Role.FACILITATOR)
    t.clock.advance(6)
    s.set_role(p["emre"], Role.NOTE_TAKER)

    # 18:48-18:59 everyone ticks the agreement on arrival: the look-back already revisits
    # what was said, so the case gate is the first phase.
    assert s.session.method.case_gate_index == 0
    arrivals = [
        ("griet", "18:48:10"),
        ("emre", "18:48:55"),
        ("ilse", "18:50:30"),
        ("annelies", "18:51:45"),
        ("katrien", "18:52:20"),
        ("nathalie", "18:53:40"),
        ("bart", "18:54:15"),
        ("sofie", "18:55:50"),
        ("dries", "18:56:30"),
        ("yasmina", "18:57:45"),
        ("pieterjan", "18:59:05"),
    ]
    for key, hhmmss in arrivals:
        t.at(f"2026-09-14T{hhmmss}")
        s.acknowledge(p[key])
    assert s.session.gate_open and not s.session.overrides
    t.at("2026-09-14T19:00:00")
    s.toggle_clock()
    assert s.session.status is SessionStatus.RUNNING

    def phase_note(offset: float, start: float, draft: NoteDraft) -> None:
        t.to(start + offset)
        s.add_note(draft)

    def note(
        text: str, kind: NoteKind = NoteKind.NOTE, speaker: str | None = None, **kw
    ) -> NoteDraft:
        return NoteDraft(
            text=text, kind=kind, author=p["emre"], speaker=p[speaker] if speaker else None, **kw
        )

    def in_turn(offset: float, start: float, key: str, text: str | None, kind: NoteKind) -> None:
        """The one whose turn it is speaks (a note), or passes (None)."""
        t.to(start + offset)
        assert s.session.turns(s.session.current_phase).current == p[key], key
        if text is None:
            s.skip_speaker()
            return
        s.add_note(note(text, kind=kind, speaker=key))
        t.clock.advance(5)
        s.next_speaker()

    # Phase 1 (index 0): look back at the first meeting's action points, 5 min planned,
    # 5:40 actual. There was no case last time, so there is no case holder to hear from.
    start = t.clock.time()
    phase_note(
        30,
        start,
        note(
            "Vorige keer was er nog geen casus. Griet overloopt de actiepunten van de "
            "startbijeenkomst.",
            speaker="griet",
        ),
    )
    network = Network.from_tables(network_tables())
    first = Session.from_tables(store.read_session(MEETING_1))
    items = look_back_items(meetings_of(network, [first, s.session]), s.session)
    assert [item.owner for item in items] == ["Ilse Van den Broeck", "Annelies Vermeulen"]
    folder, room = items
    t.to(start + 95)
    s.record_follow_up(
        folder.note,
        folder.session_id,
        FollowUpStatus.DONE,
        "De map staat online sinds 24 juni; iedereen kreeg de link en de afspraken van juni "
        "staan erin.",
    )
    t.to(start + 200)
    s.record_follow_up(
        room.note,
        room.session_id,
        FollowUpStatus.ONGOING,
        "Zaal 2 is vastgelegd tot december; voor 2027 wacht het CLB Gent nog op zijn eigen "
        "planning.",
    )
    phase_note(
        260,
        start,
        note(
            "Annelies vraagt in november opnieuw na of zaal 2 in 2027 vrij is; anders zoeken we "
            "een andere plaats in Gent.",
            speaker="annelies",
        ),
    )
    t.to(start + 340)
    s.next_phase()

    # Phase 2 (index 1): whoever has a case tells its core, 10 min planned, 9:30 actual.
    start = t.clock.time()
    phase_note(
        60,
        start,
        note(
            "Katrien: een leerlinge uit het 3de jaar durft sinds 1 september niet meer naar "
            "school. Elke ochtend loopt het thuis vast; de moeder staat er alleen voor.",
            speaker="katrien",
        ),
    )
    phase_note(
        190,
        start,
        note(
            "Bart: een ervaren collega in zijn lerarenteam is prikkelbaar, meldt zich vaker ziek "
            "en zegt dat hij ‘het niet meer ziet zitten’. Bart weet niet of en hoe hij dat kan "
            "aankaarten.",
            speaker="bart",
        ),
    )
    phase_note(
        320,
        start,
        note(
            "Yasmina: een collega past de afgesproken redelijke aanpassingen voor een leerling "
            "met dyslexie niet toe. Ze wil eerst zelf nog een gesprek proberen en houdt de "
            "casus bij voor later.",
            speaker="yasmina",
        ),
    )
    phase_note(
        450,
        start,
        note(
            "Dries heeft een situatie met ouders en problematische afwezigheden die nog volop "
            "loopt. Hij kondigt aan dat hij die volgende keer als incident inbrengt.",
            speaker="dries",
        ),
    )
    t.to(start + 570)
    s.next_phase()

    # Phase 3 (index 2): the group chooses Katrien's case, 5 min planned, 4:50 actual.
    start = t.clock.time()
    phase_note(
        150,
        start,
        note(
            "De groep kiest de casus van Katrien: ze is dringend en herkenbaar voor de meesten. "
            "Bart en Yasmina houden hun casus bij voor een volgende keer.",
            kind=NoteKind.DECISION,
            speaker="griet",
        ),
    )
    t.to(start + 200)
    s.set_role(p["katrien"], Role.CASE_HOLDER)
    t.to(start + 260)
    s.update_info(
        case_title="Een leerlinge die niet meer naar school durft",
        case_question=(
            "Hoe help ik een leerlinge met schoolangst stap voor stap terug naar school, samen "
            "met haar moeder en het CLB, zonder haar onder druk te zetten?"
        ),
    )
    t.to(start + 290)
    s.next_phase()

    # Phase 4 (index 3): questions in turn (the case holder answers, does not take a turn),
    # 15 min planned, 14:20 actual.
    start = t.clock.time()
    assert p["katrien"] not in s.session.turns(3).waiting
    assert s.session.case_holder is not None
    phase_note(
        20,
        start,
        note(
            "Naam van de leerlinge (fictief): Amber S., 3de jaar Humane Wetenschappen. Haar "
            "moeder werkt in ploegen. Niet in het verslag voor afwezigen.",
            kind=NoteKind.CONFIDENTIAL,
            speaker="katrien",
        ),
    )
    questions = [
        ("annelies", "Sinds wanneer gaat het mis, en was er een aanleiding?"),
        ("bart", "Wie heeft er op school nu nog contact met haar?"),
        ("dries", "Wat zegt ze zelf over wat haar tegenhoudt?"),
        ("emre", None),
        ("griet", None),
        ("ilse", "Is er buiten de school al een arts of therapeut betrokken?"),
        ("nathalie", "Hoe verloopt een ochtend bij hen thuis, als het vastloopt?"),
        ("pieterjan", "Welke afspraken zijn er al gemaakt met het CLB?"),
        ("sofie", "Wat lukte er de laatste keer dat ze wel naar school kwam?"),
        ("yasmina", "Heeft ze nog contact met klasgenoten?"),
    ]
    answers = {
        "annelies": (
            "Na de paasvakantie was ze al vaker afwezig; sinds 1 september komt ze niet meer. Er "
            "was in mei een pestincident in de klas, dat volgens de klastitularis is uitgepraat."
        ),
        "dries": "Ze zegt dat ze buikpijn krijgt zodra ze aan de schoolpoort denkt.",
        "nathalie": (
            "De moeder vertrekt om zes uur voor haar werk; haar dochter blijft dan alleen thuis "
            "en gaat niet meer weg."
        ),
        "sofie": (
            "Eind juni deed ze haar examens in een apart lokaal, met een vaste leerkracht "
            "erbij. Dat ging goed."
        ),
    }
    for index, (key, text) in enumerate(questions):
        in_turn(45 + index * 78, start, key, text, NoteKind.QUESTION)
        if key in answers:
            t.clock.advance(30)
            s.add_note(note(answers[key], speaker="katrien"))
    assert s.session.turns(3).finished
    t.to(start + 860)
    s.next_phase()

    # Phase 5 (index 4): analysis without the case holder, 10 min planned, 10:30 actual.
    start = t.clock.time()
    assert s.session.phase.case_holder_silent
    analysis = [
        (
            70,
            "nathalie",
            "Hoe langer ze thuisblijft, hoe groter de drempel wordt: vermijden houdt de angst "
            "in stand.",
        ),
        (
            180,
            "bart",
            "De school wacht tot ze ‘klaar’ is om terug te komen, en zij wacht tot de school "
            "het makkelijker maakt. Niemand zet de eerste stap.",
        ),
        (
            300,
            "ilse",
            "De moeder is de sleutel, maar ze is uitgeput en ’s ochtends niet thuis. Het plan "
            "moet passen in haar werkuren.",
        ),
        (
            410,
            "yasmina",
            "Is het pestincident wel echt uitgepraat? Voor de leerkrachten misschien, voor haar "
            "misschien niet.",
        ),
        (
            540,
            "annelies",
            "De examens in juni tonen wat werkt: een klein, veilig lokaal en één vertrouwd "
            "gezicht.",
        ),
    ]
    for offset, who, text in analysis:
        phase_note(offset, start, note(text, speaker=who))
    t.to(start + 630)
    s.next_phase()

    # Phase 6 (index 5): advice in turn; the case holder listens, 10 min planned, 11:00 actual.
    start = t.clock.time()
    advice = [
        (
            "annelies",
            "Maak samen met haar een stappenplan: eerst een uur per dag in een apart lokaal, "
            "dan een vak met haar eigen klas, en bouw pas op als een stap lukt.",
        ),
        (
            "bart",
            "Spreek één vaste vertrouwenspersoon af die haar ’s ochtends aan de schoolpoort "
            "opwacht.",
        ),
        ("dries", "Vraag via de CLB-arts een tijdelijk aangepast lesrooster aan."),
        (
            "emre",
            "Ga met de klastitularis na hoe de klas nu over het pestincident denkt, voor ze "
            "terugkomt.",
        ),
        ("griet", None),
        (
            "ilse",
            "Leg de ochtenden vast in een plan dat met de werkuren van de moeder rekening "
            "houdt, bijvoorbeeld een latere start op de dagen dat ze vroeg vertrekt.",
        ),
        (
            "nathalie",
            "Doe samen met het CLB een huisbezoek: dan hoeft zij de eerste stap niet naar de "
            "school te zetten.",
        ),
        (
            "pieterjan",
            "Zorg dat de directie het aangepaste traject mee draagt, zodat leerkrachten er niet "
            "over twijfelen.",
        ),
        (
            "sofie",
            "Laat haar een klasgenoot kiezen die haar lesnotities bezorgt en af en toe een "
            "berichtje stuurt.",
        ),
        ("yasmina", None),
    ]
    for index, (key, text) in enumerate(advice):
        in_turn(40 + index * 62, start, key, text, NoteKind.ADVICE)
    assert s.session.turns(5).finished
    t.to(start + 660)
    s.next_phase()

    # Phase 7 (index 6): the case holder says what she takes along; the next appointment;
    # evaluation. 10 min planned, 12:10 actual.
    start = t.clock.time()
    assert s.session.is_last_phase
    phase_note(
        90,
        start,
        note(
            "Katrien neemt vooral het stappenplan van Annelies, de vaste vertrouwenspersoon van "
            "Bart en het huisbezoek van Nathalie mee. Het aangepaste lesrooster houdt ze achter "
            "de hand.",
            speaker="katrien",
        ),
    )
    for advice_note in s.session.live_notes(5):
        if advice_note.speaker in (p["annelies"], p["bart"], p["nathalie"]):
            s.set_taken_along(advice_note.id, True)
    phase_note(
        150,
        start,
        note(
            "Ik wachtte op een teken dat ze er klaar voor was. Nu zie ik dat wij dat teken "
            "moeten geven.",
            kind=NoteKind.QUOTE,
            speaker="katrien",
        ),
    )
    t.to(start + 200)
    s.update_info(
        takeaway=(
            "Niet wachten tot de leerlinge klaar is voor een volle schooldag: samen met haar, "
            "haar moeder en het CLB een kleine eerste stap afspreken, met één vaste "
            "vertrouwenspersoon die haar opvangt."
        )
    )
    phase_note(
        250,
        start,
        note(
            "Katrien plant met het CLB een huisbezoek bij de leerlinge en haar moeder, om samen "
            "een eerste kleine stap terug naar school af te spreken.",
            kind=NoteKind.ACTION,
            speaker="katrien",
            owner=p["katrien"],
            due="2026-09-25",
        ),
    )
    phase_note(
        310,
        start,
        note(
            "Emre bezorgt Katrien het stappenplan ‘Terug naar school na langdurige afwezigheid’ "
            "dat zijn school met het CLB uitwerkte.",
            kind=NoteKind.ACTION,
            speaker="emre",
            owner=p["emre"],
            due="2026-09-21",
        ),
    )
    phase_note(
        380,
        start,
        note(
            "Volgende bijeenkomst op maandag 12 oktober 2026 om 19u in het CLB Gent, met de "
            "incidentmethode. Dries brengt het incident in dat hij vandaag aankondigde, Annelies "
            "is gespreksleider en Katrien notuleert.",
            kind=NoteKind.DECISION,
            speaker="griet",
        ),
    )
    t.to(start + 400)
    s.update_info(
        next_meeting_date="2026-10-12", next_meeting_time="19:00", next_meeting_place="CLB Gent"
    )
    evaluations = [
        ("katrien", 5, "Ik weet wat mijn eerste stap is. Bedankt, allemaal."),
        ("annelies", 4, "Goede terugblik als start."),
        ("bart", 4, ""),
        ("dries", 4, "De casusronde mocht korter."),
        ("emre", 4, "Notuleren en tegelijk meedenken is pittig."),
        ("griet", 3, "Als gespreksleider moet ik de vragenronde beter bewaken."),
        ("ilse", 4, ""),
        ("nathalie", 5, "Sterke analyse zonder de inbrenger."),
        ("pieterjan", 4, "Ik leer veel over hoe zorg op de werkvloer loopt."),
        ("sofie", 4, ""),
        ("yasmina", 3, "Ik had graag ook mijn eigen casus besproken."),
    ]
    for index, (who, score, remark) in enumerate(evaluations):
        t.to(start + 430 + index * 18)
        s.record_evaluation(p[who], score, remark)
    phase_note(
        690,
        start,
        note(
            "Korte evaluatie: de terugblik op de actiepunten was een goede start; de casusronde "
            "liep wat lang. Emre stuurt het verslag binnen de week rond, ook naar Filip."
        ),
    )
    t.to(start + 730)
    s.end()
    assert s.session.status is SessionStatus.ENDED
    assert {f.status for f in s.session.follow_ups} == {
        FollowUpStatus.DONE,
        FollowUpStatus.ONGOING,
    }
    actions = [n for n in s.session.live_notes() if n.kind is NoteKind.ACTION]
    assert len(actions) == 2 and all(n.owner and n.due for n in actions)
    # The pupil's (fictional) name is only in the confidential note.
    named = [n for n in s.session.live_notes() if "Amber" in n.text]
    assert [n.kind for n in named] == [NoteKind.CONFIDENTIAL]
    return sid


# ---------------------------------------------------------------------------------------------
# Meeting 3, 12 October 2026, completed.
# ---------------------------------------------------------------------------------------------


def build_meeting_3(store: Store) -> str:
    seeded_ids(3)
    t = Timeline("2026-10-12T18:35:00")
    s = meeting(
        store,
        t,
        METHOD,
        "20261012-demo",
        number=3,
        topic="Samenwerken met ouders bij problematische afwezigheden",
        date="2026-10-12",
    )
    sid = s.id

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
    s.update_info(
        next_meeting_date="2026-11-23", next_meeting_time="19:00", next_meeting_place="CLB Gent"
    )
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
# Meeting 4, 23 November 2026, set up and ready to start.
# ---------------------------------------------------------------------------------------------


def build_meeting_4(store: Store) -> str:
    seeded_ids(4)
    t = Timeline("2026-11-23T18:40:00")
    s = meeting(
        store,
        t,
        METHOD,
        "20261123-demo",
        number=4,
        topic="Redelijke aanpassingen in de klas",
        date="2026-11-23",
    )
    sid = s.id
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
    for build in (build_meeting_1, build_meeting_2, build_meeting_3, build_meeting_4):
        sid = build(store)
        path = OUT / f"{sid}.json"
        path.write_bytes(encode_archive(store.read_session(sid)))
        written.append(path)
    networks = REPO / "sample_data" / "networks"
    networks.mkdir(parents=True, exist_ok=True)
    network_path = networks / f"{NETWORK_ID}.json"
    network_path.write_bytes(encode_archive(network_tables(), NETWORK_ARCHIVE))
    read_network_archive(network_path)
    print(f"{network_path} {network_path.stat().st_size} bytes, network {NETWORK_ID}")
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
