"""The case round on the phase screen: proposals, the bank, the vote and the choice.

The panel holds its own keys (`p` propose, `v`/`u` a dot given or taken back, `d`
dots each, `k` choose, `x` withdraw, `⏎` bring a case from the bank in again).
Unlike the other phase panels it takes the focus, so that these keys are its own
and not the phase screen's; the screen's keys (all priority bindings) keep
working beside them. When the focus is let go (after writing a note), it takes
it back.

Every change goes through `LiveSession` (the session) or `LiveNetwork` (the
network's bank); the panel shows what is stored, repainted on each refresh.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.message import Message
from textual.widget import Widget

from .. import commands
from ..domain.case_bank import BankedCase, LedgerRow, fair_ledger, offered
from ..domain.case_kinds import QuestionKind
from ..domain.case_round import URGENCIES, CaseProposal, ChoiceMode, chooses_in, proposes_in
from ..domain.record import record
from ..domain.session import Session
from ..errors import UserFacingError
from ..i18n import t, tn
from .fitted_table import FittedTable, Row
from .list_panel import ListPanel
from .plain import Static
from .table import DataTable
from .text import plain

if TYPE_CHECKING:
    from ..live import LiveSession
    from ..live_network import LiveNetwork

BANK_PREFIX = "bank:"


# What the panel asks of its screen: the screen carries it out through the live session
# (widgets never change what is stored), then the panel shows the result.
@record
class Propose:
    """The facilitator proposes a case for someone."""

    proposer: str
    title: str
    urgency: int
    kind: QuestionKind
    banked_id: str | None = None
    """A case brought in again from the network's bank."""


@record
class Vote:
    """A dot given to or taken from a proposal."""

    voter: str
    proposal_id: str
    change: int


@record
class SetDots:
    """How many dots each participant has to give."""

    dots: int


@record
class Choose:
    """The case chosen, and how (by dots, by the facilitator, after a tie)."""

    proposal_id: str
    mode: ChoiceMode
    tied: tuple[str, ...]


@record
class Withdraw:
    """A proposal taken back."""

    proposal_id: str


@record
class WithdrawBanked:
    """A banked case taken out of the bank."""

    case_id: str


CaseIntention = Propose | Vote | SetDots | Choose | Withdraw | WithdrawBanked
LEDGER_NAMES = 3
"""Names the compact ledger line shows: who never brought a case, then who longest ago."""


def urgency_marks(urgency: int) -> str:
    return "!" * urgency


def choice_label(mode: ChoiceMode) -> str:
    return t(f"case_round.mode.{mode.value}")


def ledger_line(rows: list[LedgerRow]) -> Text:
    """One line for 80x24: whoever never held a case, then whoever held one longest ago."""
    line = Text(t("case_round.ledger") + " ", style="bold")
    never = [row.name for row in rows if row.never]
    if never:
        shown = ", ".join(never[:LEDGER_NAMES]) + (" …" if len(never) > LEDGER_NAMES else "")
        line.append_text(plain(t("case_round.ledger_never", names=shown)))
    held = [row for row in rows if not row.never]
    if held and len(never) < LEDGER_NAMES:
        if never:
            line.append(" · ")
        longest = held[0]
        number = longest.last_number or "?"
        line.append_text(plain(t("case_round.ledger_longest", name=longest.name, number=number)))
    if not rows:
        line.append(t("case_round.ledger_none"))
    return line


def ledger_last(row: LedgerRow) -> str:
    """When a member last held a case: the meeting, and how many meetings ago."""
    if row.never:
        return t("network.ledger.never")
    if not row.meetings_ago:
        return t("network.ledger.last_meeting", number=row.last_number or "?")
    return tn("network.ledger.meetings_ago", row.meetings_ago, number=row.last_number or "?")


def ledger_table(table_id: str) -> FittedTable:
    """The fair ledger: on the network's overview."""
    return FittedTable(
        [
            ("member", t("network.ledger.member")),
            ("brought", t("network.ledger.brought")),
            ("taken", t("network.ledger.taken")),
            ("last", t("network.ledger.last")),
        ],
        flexible={"member": 1},
        id=table_id,
    )


def ledger_row(row: LedgerRow) -> Row:
    return Row(
        [plain(row.name), str(row.brought), str(row.taken), ledger_last(row)], key=row.member
    )


class CaseRoundPanel(ListPanel):
    TABLE_ID = "proposals"
    can_focus = True
    BINDINGS = commands.bindings(
        commands.PROPOSE_CASE,
        commands.VOTE_CASE,
        commands.UNVOTE_CASE,
        commands.CASE_DOTS,
        commands.CHOOSE_CASE,
        commands.WITHDRAW_CASE,
        commands.BRING_IN_AGAIN,
    )

    def __init__(self, live: LiveSession, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.live = live
        self._network: LiveNetwork | None = None
        self._network_read = False
        self._meetings: list[Session] | None = None
        self._voter: str | None = None
        """The last one a vote was given for: the next vote asks first for whoever follows."""

    def compose(self) -> ComposeResult:
        yield Static("", id="case-round-summary", classes="panel-title")
        yield FittedTable(
            [
                ("urgency", "!"),
                ("title", t("case_round.col.title")),
                ("proposer", t("case_round.col.proposer")),
                ("votes", t("case_round.col.votes")),
            ],
            flexible={"title": 1},
            id=self.TABLE_ID,
        )
        yield Static("", id="case-round-detail")
        yield Static("", id="case-round-ledger")

    def on_mount(self) -> None:
        super().on_mount()
        self.focus()
        self.watch(self.screen, "focused", self._take_focus_back, init=False)

    def _take_focus_back(self, focused: Widget | None) -> None:
        if focused is None and self.is_mounted:
            self.call_after_refresh(self.focus)

    # -- what it reads -------------------------------------------------------------------

    @property
    def session(self) -> Session:
        return self.live.session

    @property
    def _phase(self) -> int:
        return self.session.current_phase

    def network(self) -> LiveNetwork | None:
        """The session's network, once, if it belongs to one that is still there."""
        if not self._network_read:
            self._network_read = True
            network_id = self.session.info.network_id
            catalog = self.app.context.sessions  # type: ignore[attr-defined]
            if network_id and not self.session.practice and catalog.network_exists(network_id):
                try:
                    self._network = catalog.open_network(network_id)
                    self._meetings = [
                        m for m in self._network.meetings() if m.id != self.session.id
                    ]
                except UserFacingError as error:
                    self._report(error)
        return self._network

    def _bank_offered(self) -> list[BankedCase]:
        network = self.network()
        if network is None or not proposes_in(self.session.method, self._phase):
            return []
        return offered(network.network.case_bank, self.session)

    def _ledger(self) -> list[LedgerRow] | None:
        network = self.network()
        if network is None:
            return None
        members = {p.member_id: p.name for p in self.session.participants.values() if p.member_id}
        return fair_ledger(members, self._meetings or [], network.network.case_bank)

    # -- showing -------------------------------------------------------------------------

    def show(self, session: Session) -> None:
        round_ = session.case_round
        tally = round_.tally()
        choosing = chooses_in(session.method, session.current_phase)
        chosen = round_.chosen
        rows = []
        for proposal in round_.open_proposals():
            title = plain(proposal.title)
            if chosen is not None and chosen.id == proposal.id:
                title = Text("✓ ", style="bold") + title
            votes = str(tally[proposal.id]) if choosing else ""
            rows.append(
                Row(
                    [
                        urgency_marks(proposal.urgency),
                        title,
                        plain(session.name_of(proposal.proposer)),
                        votes,
                    ],
                    key=proposal.id,
                )
            )
        for case in self._bank_offered():
            member = self._participant_of(case)
            name = member.name if member is not None else t("case_round.absent")
            rows.append(
                Row(
                    [
                        urgency_marks(case.urgency),
                        Text("↺ ", style="dim") + plain(case.title),
                        plain(name),
                        "",
                    ],
                    key=BANK_PREFIX + case.id,
                )
            )
        self.table.fill(rows)
        self.query_one("#case-round-summary", Static).update(self._summary(session))
        ledger = self._ledger()
        self.query_one("#case-round-ledger", Static).update(
            ledger_line(ledger) if ledger is not None else ""
        )
        self.query_one("#case-round-ledger", Static).display = ledger is not None
        self._show_detail()

    def _summary(self, session: Session) -> Text:
        round_ = session.case_round
        count = len(round_.open_proposals())
        parts = [tn("case_round.count", count)]
        if chooses_in(session.method, session.current_phase):
            present = {p.id for p in session.present()}
            voted = len(round_.voters() & present)
            parts.append(t("case_round.voted", count=voted, of=len(present)))
            parts.append(tn("case_round.dots_each", round_.dots))
            leaders = round_.leaders(ChoiceMode.VOTE)
            if len(leaders) > 1:
                parts.append(t("case_round.tie", count=len(leaders)))
        summary = Text(" · ".join(parts), style="bold")
        chosen, choice = round_.chosen, round_.choice
        if chosen is not None and choice is not None:
            summary.append("\n")
            summary.append_text(
                plain(
                    t(
                        "case_round.chosen",
                        title=chosen.title,
                        name=session.name_of(chosen.proposer),
                        how=choice_label(choice.mode),
                    )
                )
            )
        return summary

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail()

    def _show_detail(self) -> None:
        key = self.selected_key() or ""
        detail = Text()
        if key.startswith(BANK_PREFIX):
            case = self._banked(key)
            if case is not None:
                detail.append_text(
                    plain(
                        t(
                            "case_round.banked_detail",
                            kind=t(f"question_kind.{case.kind.value}"),
                            number=case.number or "?",
                        )
                    )
                )
        else:
            proposal = self.session.case_round.proposals.get(key)
            if proposal is not None:
                detail.append_text(plain(t(f"question_kind.{proposal.kind.value}")))
                voters = [
                    self.session.name_of(voter)
                    for (voter, what), vote in self.session.case_round.votes.items()
                    if what == key and vote.dots
                ]
                if voters:
                    detail.append(" · ")
                    detail.append_text(plain(", ".join(voters)))
            elif self.table.row_count == 0:
                detail.append(t("case_round.empty"), style="italic")
        self.query_one("#case-round-detail", Static).update(detail)

    def _banked(self, key: str) -> BankedCase | None:
        network = self.network()
        if network is None:
            return None
        return network.network.case_bank.get(key.removeprefix(BANK_PREFIX))

    def _participant_of(self, case: BankedCase) -> Any:
        return next(
            (
                p
                for p in self.session.present()
                if p.member_id is not None and p.member_id == case.member
            ),
            None,
        )

    # -- acting --------------------------------------------------------------------------

    def _report(self, error: UserFacingError) -> None:
        self.screen.report_error(error)  # type: ignore[attr-defined]

    class Wants(Message):
        """An intention for the screen to carry out; `done` is told whether it worked."""

        def __init__(
            self, intention: CaseIntention, done: Callable[[bool], None] | None = None
        ) -> None:
            super().__init__()
            self.intention = intention
            self.done = done

    def _ask_screen(
        self, intention: CaseIntention, done: Callable[[bool], None] | None = None
    ) -> None:
        self.post_message(self.Wants(intention, done))

    def after_intention(self) -> None:
        """The screen carried out an intention (or was refused): show where it stands."""
        self.show(self.session)
        self.screen.refresh_bindings()

    def _ask(self, dialog: Any, then: Callable[[Any], None]) -> None:
        self.app.push_screen(dialog, then)

    def _present_options(self) -> list[tuple[str, object]]:
        return [(p.name, p.id) for p in self.session.present()]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        method, phase = self.session.method, self._phase
        key = self.selected_key() or ""
        if action == "propose":
            return proposes_in(method, phase)
        if action in ("vote", "set_dots", "choose_case"):
            return chooses_in(method, phase) and (
                action == "set_dots" or bool(self.session.case_round.open_proposals())
            )
        if action == "withdraw":
            return bool(key)
        if action == "bring_in_again":
            return key.startswith(BANK_PREFIX)
        return True

    def action_propose(self) -> None:
        from ..screens.dialogs import Choose, Prompt

        people = self._present_options()
        if not people:
            return

        def kind_chosen(proposer: str, title: str, urgency: int) -> Callable[[Any], None]:
            def save(kind: Any) -> None:
                if kind is not None:
                    self._ask_screen(
                        Propose(proposer, title, urgency, kind),
                        lambda ok: self.move(self.table.row_count),
                    )

            return save

        def urgency_chosen(proposer: str, title: str) -> Callable[[Any], None]:
            def next_(urgency: Any) -> None:
                if urgency is None:
                    return
                kinds = [(t(f"question_kind.{k.value}"), k) for k in QuestionKind]
                self._ask(
                    Choose(t("case_round.ask_kind"), kinds, QuestionKind.PROBLEM),
                    kind_chosen(proposer, title, urgency),
                )

            return next_

        def title_given(proposer: str) -> Callable[[Any], None]:
            def next_(title: Any) -> None:
                if title is None:
                    return
                urgencies = [(t(f"case_round.urgency.{u}"), u) for u in URGENCIES]
                self._ask(
                    Choose(t("case_round.ask_urgency"), urgencies, 2),
                    urgency_chosen(proposer, title),
                )

            return next_

        def proposer_chosen(proposer: Any) -> None:
            if proposer is not None:
                name = self.session.name_of(proposer)
                self._ask(Prompt(t("case_round.ask_title", name=name)), title_given(proposer))

        self._ask(Choose(t("case_round.ask_proposer"), people, people[0][1]), proposer_chosen)

    def action_vote(self, change: int) -> None:
        from ..screens.dialogs import Choose

        proposal = self.session.case_round.proposals.get(self.selected_key() or "")
        if proposal is None:
            return
        people = self._present_options()
        if change < 0:
            votes = self.session.case_round.votes
            people = [
                (n, pid)
                for n, pid in people
                if (v := votes.get((str(pid), proposal.id))) and v.dots
            ]
            if not people:
                return
        ids = [pid for _, pid in people]
        after = ids.index(self._voter) + 1 if self._voter in ids else 0
        current = ids[after % len(ids)] if ids else None

        def cast(voter: Any) -> None:
            if voter is None:
                return
            self._voter = voter
            self._ask_screen(Vote(voter, proposal.id, change))

        question = "case_round.ask_voter" if change > 0 else "case_round.ask_unvoter"
        self._ask(Choose(t(question, title=proposal.title), people, current), cast)

    def action_set_dots(self) -> None:
        from ..screens.dialogs import Prompt

        def save(text: Any) -> None:
            if text is None:
                return
            try:
                dots = int(text.strip())
            except ValueError:
                self.app.notify(t("case_round.dots_not_number", value=text), severity="warning")
                return
            self._ask_screen(SetDots(dots))

        current = str(self.session.case_round.dots)
        self._ask(Prompt(t("case_round.ask_dots"), value=current), save)

    def action_choose_case(self) -> None:
        from ..screens.dialogs import Choose

        modes = [(choice_label(mode), mode) for mode in ChoiceMode]
        self._ask(Choose(t("case_round.ask_mode"), modes, ChoiceMode.VOTE), self._chosen_mode)

    def _chosen_mode(self, mode: Any) -> None:
        from ..screens.dialogs import Choose

        if mode is None:
            return
        round_ = self.session.case_round
        if mode is ChoiceMode.FACILITATOR:
            proposal = round_.proposals.get(self.selected_key() or "")
            if proposal is None or not proposal.open:
                self.app.notify(t("case_round.select_first"), severity="warning")
                return
            self._choose(proposal, mode, ())
            return
        leaders = round_.leaders(mode)
        if not leaders:
            self.app.notify(t("case_round.no_votes"), severity="warning")
            return
        if len(leaders) == 1:
            self._choose(leaders[0], mode, ())
            return
        tied = tuple(p.id for p in leaders)
        options = [(p.title, p) for p in leaders]

        def broken(proposal: Any) -> None:
            if proposal is not None:
                self._choose(proposal, mode, tied)

        question = t("case_round.ask_tie", count=len(leaders), how=choice_label(mode))
        self._ask(Choose(question, options, leaders[0]), broken)

    def _choose(self, proposal: CaseProposal, mode: ChoiceMode, tied: tuple[str, ...]) -> None:
        def said(ok: bool) -> None:
            if ok:
                name = self.session.name_of(proposal.proposer)
                self.app.notify(t("case_round.now_case_holder", name=name))

        self._ask_screen(Choose(proposal.id, mode, tied), said)

    def action_withdraw(self) -> None:
        from ..screens.dialogs import Confirm

        key = self.selected_key() or ""
        if key.startswith(BANK_PREFIX):
            case = self._banked(key)
            network = self.network()
            if case is None or network is None:
                return

            def out_of_bank(sure: Any) -> None:
                if sure:
                    self._ask_screen(WithdrawBanked(case.id))

            self._ask(
                Confirm(t("case_round.withdraw_banked_question", title=case.title)), out_of_bank
            )
            return
        proposal = self.session.case_round.proposals.get(key)
        if proposal is None:
            return

        def withdraw(sure: Any) -> None:
            if sure:
                self._ask_screen(Withdraw(proposal.id))

        self._ask(Confirm(t("case_round.withdraw_question", title=proposal.title)), withdraw)

    def action_bring_in_again(self) -> None:
        case = self._banked(self.selected_key() or "")
        if case is None:
            return
        person = self._participant_of(case)
        if person is None:
            self.app.notify(t("case_round.proposer_absent"), severity="warning")
            return
        self._ask_screen(Propose(person.id, case.title, case.urgency, case.kind, case.id))
