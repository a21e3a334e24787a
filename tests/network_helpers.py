"""A learning network for the tests: a real roster file, and meetings run in a row."""

from __future__ import annotations

from sessie_tui.domain.clock import FakeClock
from sessie_tui.live import LiveSession
from sessie_tui.live_network import LiveNetwork
from sessie_tui.methods import MethodLibrary

MEMBERS = [
    ("Annelies Vermeulen", "CLB Gent"),
    ("Bart Verhaegen", "Sint-Lievens"),
    ("Charlotte Peeters", "GO! Atheneum"),
    ("Dries Claes", "Don Bosco"),
    ("Els Janssens", "CLB Gent"),
    ("Filip Maes", "Sint-Barbara"),
    ("Griet Wouters", "Lyceum"),
    ("Hannes Goossens", "Sint-Jan"),
    ("Ilse Van den Broeck", "CLB Eeklo"),
    ("Jonas Willems", "Atheneum Deinze"),
    ("Katrien De Backer", "Sint-Paulus"),
    ("Lotte Mertens", "Don Bosco"),
    ("Mohamed El Amrani", "Sint-Vincentius"),
    ("Nathalie Verstraete", "CLB Eeklo"),
]


def semicolon_csv_with_broken_lines() -> bytes:
    lines = ["Naam;Organisatie;Functie;E-mail"]
    for index, (name, organisation) in enumerate(MEMBERS):
        lines.append(f"{name};{organisation};zorgcoördinator;{name.split()[0].lower()}@example.be")
        if index == 3:
            lines.append(";Zonder naam;;")  # broken: no name
        if index == 7:
            lines.append("Xavier Dewulf;School;functie;mail;nog;iets")  # broken: stray ';'
    lines.append("Bart Verhaegen;dubbel;;")  # broken: twice
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def run_meeting(
    network: LiveNetwork, methods: MethodLibrary, clock: FakeClock, method_id: str
) -> LiveSession:
    session_id = network.new_meeting(methods.get(method_id), "nl", "Europe/Brussels")
    live = LiveSession(network.store, session_id, clock)
    for person in live.session.present():
        live.acknowledge(person.id)
    live.start()
    return live


def open_meeting(network: LiveNetwork, methods: MethodLibrary, clock: FakeClock) -> LiveSession:
    """A meeting of the open incident method, in its case-collection phase."""
    session_id = network.new_meeting(methods.get("incidentmethode-open"), "nl", "Europe/Brussels")
    live = LiveSession(network.store, session_id, clock)
    for person in live.session.present():
        live.acknowledge(person.id)
    live.start()
    live.go_to_phase(1)
    return live
