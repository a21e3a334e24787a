"""Every command of the app, defined once.

A command is an action with a default key, a footer label (`cmd.<id>` in
the catalog) and a help line (`help.<id>`). Screens build their BINDINGS from
these; the footer, the command palette and the help screen (F1) all read the
same bindings, so a command cannot be in one and missing from another. The
id is the binding id, so a user can remap any key in the config file's
`[keys]` table.

Every command is a priority binding: the app runs it when it reads the key,
before it reads the next one. Keys come in bursts (a fast typist, SSH, tmux);
a command that opens a field or a dialog has moved the focus there before the
keys typed behind it are handed out, so they land in the field, in order, and
never run as commands. While a text field has focus, a command whose key is
text for the field (a letter, a digit, space, Enter, an arrow…) stands aside
and the field gets the key; escape, function keys and ctrl/alt combinations
keep working (see `is_typed`).
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from .domain.record import record

CATALOG_PREFIX = "cmd."
_NOT_TYPED_PREFIXES = ("ctrl+", "alt+", "super+", "meta+", "hyper+")


def is_typed(key: str) -> bool:
    """Whether a text field would take this key as text or as a cursor move."""
    if key == "escape" or (key.startswith("f") and key[1:].isdigit()):
        return False
    return not key.startswith(_NOT_TYPED_PREFIXES)


def action_name(action: str) -> str:
    """`adjust_clock(60)` -> `adjust_clock`; `app.help` -> `help`."""
    return action.split("(", 1)[0].rsplit(".", 1)[-1]


@record
class Command:
    """One command: its key, its action, its footer label, palette entry and help line."""

    id: str
    key: str
    action: str
    show: bool = True
    key_display: str | None = None
    group: str | None = None
    """A catalog key: commands with the same group share one footer label."""
    group_spaced: bool = False
    """Letters are spaced apart in the footer ("g o x"); signs stay together ("+-")."""
    in_fields: bool = False
    """Acts while a text field has focus, though its key is one the field could take."""

    @property
    def label_key(self) -> str:
        return f"{CATALOG_PREFIX}{self.id}"

    @property
    def help_key(self) -> str:
        return f"help.{self.id}"

    @property
    def typed(self) -> bool:
        """Some key of this command is text for a focused field: it stands aside there."""
        return not self.in_fields and any(is_typed(key.strip()) for key in self.key.split(","))

    def binding(self) -> Binding:
        return Binding(
            self.key,
            self.action,
            self.label_key,
            show=self.show,
            key_display=self.key_display,
            priority=True,
            id=self.id,
            group=Binding.Group(self.group, compact=not self.group_spaced) if self.group else None,
        )


def on_enter(command: Command) -> Command:
    """Enter as a second key for `command`, on a screen whose list has the focus."""
    return Command(command.id, "enter", command.action, show=False, key_display="⏎")


def bindings(*commands: Command) -> list[BindingType]:
    return [command.binding() for command in commands]


def _every_command() -> list[Command]:
    found: list[Command] = []
    for value in list(globals().values()):
        if isinstance(value, Command):
            found.append(value)
        elif isinstance(value, tuple):
            found.extend(item for item in value if isinstance(item, Command))
    return found


# -- everywhere ---------------------------------------------------------------------------
QUIT = Command("quit", "ctrl+q", "quit", show=False)
HELP = Command("help", "f1", "app.help")
# Not shown in the list: the footer puts the palette key at its right end by itself.
PALETTE = Command("palette", "ctrl+p", "command_palette", show=False)
THEME = Command("theme", "f2", "choose_theme", show=False)
BACK = Command("back", "escape", "back")
BACK_QUIETLY = Command("back", "escape", "back", show=False)
# Shown where there is room for it: on the home screen.
QUIT_SHOWN = Command("quit", "ctrl+q", "app.quit")
# The room: share the session with the devices in it (preparation, agreement, phases).
ROOM = Command("room", "ctrl+r", "room")

# A focused list (DataTable, OptionList) takes Enter for itself, and its own binding is in
# no footer and no F1. Where Enter is a screen's command, the command (a priority binding,
# like every command) is the one the key runs and the one listed.

# -- home ---------------------------------------------------------------------------------
NEW_SESSION = Command("new_session", "n", "new_session")
OPEN_SESSION = Command("open_session", "enter", "open_session", key_display="⏎")
REPORT = Command("report", "v", "report")
PRACTICE = Command("practice", "p", "practice")
NETWORKS = Command("networks", "w", "networks")
DELETE_SESSION = Command("delete_session", "delete,x", "delete_session", show=False)
SHOW_PRACTICE = Command("show_practice", "o", "toggle_practice", show=False)

# -- pickers and dialogs --------------------------------------------------------------------
CHOOSE = Command("choose", "enter", "choose", key_display="⏎")
CANCEL = Command("cancel", "escape", "cancel")
# No letter says yes: a letter typed as text, a moment too early, must not end or delete
# anything. Yes is the button chosen with an arrow key, then Enter.
CONFIRM_SWITCH = Command("switch_answer", "left,right", "switch_answer", key_display="←→")
CONFIRM_NO = Command("no", "n,escape", "answer(False)")
# A choice among a few (`widgets/cycler.py`), turned while it has the focus.
CYCLE_PREVIOUS = Command("cycle_previous", "left", "cycle(-1)", show=False)
CYCLE_NEXT = Command("cycle_next", "right,space", "cycle(1)", show=False)
# What leaves the machine (before a report, a draft or a share goes): read it all first.
LEAVING_UP = Command("leaving_up", "up", "scroll_leaving(-3)", show=False)
LEAVING_DOWN = Command("leaving_down", "down", "scroll_leaving(3)", show=False)
# In a form that saves as it is typed (the case): Esc closes, nothing is lost.
CLOSE_FORM = Command("close", "escape", "close_form")
# Enter and space in a form, also from inside a field: what follows Enter in a burst of keys
# lands in the next field, in order (see the module's docstring). Tab and shift+tab are
# every screen's (`screens/base.py`).
SUBMIT_FIELD = Command("submit_field", "enter", "submit_field", show=False, in_fields=True)
TOGGLE_FIELD = Command("toggle_field", "space", "toggle_field", show=False, in_fields=True)

# -- setup ----------------------------------------------------------------------------------
CONTINUE = Command("continue", "ctrl+n", "proceed")
ADD_PARTICIPANT = Command("add_participant", "a", "add_participant")
RENAME_PARTICIPANT = Command("rename_participant", "e", "rename_participant", show=False)
SET_ROLE = Command("set_role", "r", "choose_role")
CYCLE_ATTENDANCE = Command("cycle_attendance", "space", "cycle_attendance", key_display="␣")
REMOVE_PARTICIPANT = Command("remove_participant", "delete,x", "remove_participant", show=False)
CHANGE_METHOD = Command("change_method", "ctrl+o", "change_method")
# On the phase screen (where ctrl+o says who said a note): in F1 and the palette.
CHANGE_METHOD_LATE = Command("change_method_late", "ctrl+k", "change_method", show=False)
# The case and the next meeting; also from the phase screen. A ctrl key: it works in a field.
EDIT_CASE = Command("case", "ctrl+g", "edit_case")
# On the phase screen: in F1 and the palette; its footer is full at 80 columns.
EDIT_CASE_QUIETLY = Command("case", "ctrl+g", "edit_case", show=False)

# -- confidentiality ------------------------------------------------------------------------
ACKNOWLEDGE = Command("acknowledge", "space", "toggle_acknowledgement", key_display="␣")
OVERRIDE = Command("override", "ctrl+o", "override")

# -- phase ----------------------------------------------------------------------------------
START_PAUSE = Command("start_pause", "space", "toggle_clock", key_display="␣")
ADD_MINUTE = Command(
    "add_minute", "plus,equals_sign", "adjust_clock(60)", key_display="+", group="cmd.minute"
)
REMOVE_MINUTE = Command(
    "remove_minute", "minus", "adjust_clock(-60)", key_display="-", group="cmd.minute"
)
RESET_CLOCK = Command("reset_clock", "r", "reset_clock", show=False)
NEXT_PHASE = Command("next_phase", "right,pagedown", "next_phase", key_display="→")
PREVIOUS_PHASE = Command(
    "previous_phase", "left,pageup", "previous_phase", key_display="←", show=False
)
WRITE_NOTE = Command("write_note", "n,i", "write_note")
STOP_WRITING = Command("stop_writing", "escape", "stop_writing")
NOTE_KIND = Command("note_kind", "ctrl+t", "cycle_note_kind")
NOTE_AUTHOR = Command("note_author", "w", "cycle_author", show=False)
SHOW_NOTES = Command("show_notes", "l", "toggle_notes", show=False)
SCROLL_NOTES_UP = Command("scroll_notes_up", "shift+up", "scroll_notes(-3)", show=False)
SCROLL_NOTES_DOWN = Command("scroll_notes_down", "shift+down", "scroll_notes(3)", show=False)
CONFIDENTIALITY = Command("confidentiality", "c", "confidentiality", show=False)
END_SESSION = Command("end_session", "e", "end_session", show=False)

TOGGLE_BELL = Command("bell", "b", "toggle_bell", show=False)

# -- the room, on the phase screen when shared -----------------------------------------------
REVEAL_CARDS = Command("reveal_cards", "v", "reveal_cards")
TOGGLE_CARD_NAMES = Command("card_names", "h", "toggle_card_names", show=False)
CLOSE_ROOM_EVALUATION = Command("close_room_evaluation", "f", "close_room_evaluation")

# -- turns ("om de beurt") ------------------------------------------------------------------
NEXT_SPEAKER = Command("next_speaker", "t", "next_speaker")
SKIP_SPEAKER = Command("skip_speaker", "s", "skip_speaker", show=False)
PUT_BACK_SPEAKER = Command("put_back_speaker", "a", "put_back_speaker", show=False)
SHUFFLE_TURNS = Command("shuffle_turns", "o", "shuffle_turns", show=False)
CHOOSE_SPEAKER = Command("choose_speaker", "ctrl+o", "choose_speaker")

# -- the case round (on its own panel, which has the focus in those phases) ----------------
PROPOSE_CASE = Command("propose_case", "p", "propose")
VOTE_CASE = Command("vote_case", "v", "vote(1)")
UNVOTE_CASE = Command("unvote_case", "u", "vote(-1)", show=False)
CASE_DOTS = Command("case_dots", "d", "set_dots", show=False)
CHOOSE_CASE = Command("choose_case", "k", "choose_case")
WITHDRAW_CASE = Command("withdraw_case", "x,delete", "withdraw", show=False)
BRING_IN_AGAIN = Command("bring_in_again", "enter", "bring_in_again", key_display="⏎")

# -- the note-taker's view ------------------------------------------------------------------
TO_LIST = Command("to_list", "escape", "to_list")
EDIT_OWN_NOTE = Command("edit_note", "e", "edit_own_note")
DELETE_OWN_NOTE = Command("delete_note", "delete,x", "delete_own_note")

# -- reflection and evaluation ---------------------------------------------------------------
TOGGLE_TAKEN_ALONG = Command("take_along", "m", "toggle_taken_along")
EDIT_TAKEAWAY = Command("takeaway", "k", "edit_takeaway")
ADD_ACTION = Command("action_point", "a", "add_action")
SCORES = tuple(
    Command(f"score_{n}", str(n), f"score({n})", group="cmd.scores") for n in range(1, 6)
)
EDIT_REMARK = Command("remark", "enter", "edit_remark", key_display="⏎")
# "m" for meenemen: what each one takes back to their work (the reflection's "m" marks advice).
TAKE_TO_WORK = Command("to_work", "m", "edit_to_work")
TAKEAWAY_TRIED = Command("tried", "p", "takeaway_tried")
RECORD_EXPECTATION = Command("expectation", "enter", "record_expectation", key_display="⏎")
# "o" for ongoing (onderweg) and not "b" (bezig): "b" rings the bell in every phase.
FOLLOW_UP_DONE = Command(
    "follow_up_done", "g", "follow_up('done')", group="cmd.follow_up", group_spaced=True
)
FOLLOW_UP_ONGOING = Command(
    "follow_up_ongoing", "o", "follow_up('ongoing')", group="cmd.follow_up", group_spaced=True
)
FOLLOW_UP_DROPPED = Command(
    "follow_up_dropped", "x", "follow_up('dropped')", group="cmd.follow_up", group_spaced=True
)
FOLLOW_UP_REMARK = Command("follow_up_remark", "enter", "follow_up_remark", key_display="⏎")
PANEL_UP = Command("panel_up", "up", "panel_up", show=False)
PANEL_DOWN = Command("panel_down", "down", "panel_down", show=False)

SAVE_DIALOG = Command("save", "ctrl+s", "save_dialog")

# -- learning networks ------------------------------------------------------------------------
NEW_NETWORK = Command("new_network", "n", "new_network")
OPEN_NETWORK = Command("open_network", "enter", "open_network", key_display="⏎")
ARCHIVE_NETWORK = Command("archive_network", "a", "archive_network")
DELETE_NETWORK = Command("delete_network", "delete,x", "delete_network", show=False)
NEW_MEETING = Command("new_meeting", "n", "new_meeting")
MEMBERS = Command("members", "l", "members")
NETWORK_REPORT = Command("network_report", "v", "network_report")
EDIT_NETWORK = Command("edit_network", "e", "edit_network", show=False)
EDIT_TRACK = Command("edit_track", "p", "edit_track", show=False)
EDIT_AGREEMENT = Command("edit_agreement", "g", "edit_agreement", show=False)
FINAL_EVALUATION = Command("final_evaluation", "f", "final_evaluation", show=False)
# The overview's three views; their keys are in the tab titles, so the footer stays short.
SHOW_MEETINGS = Command("show_meetings", "1", "show_tab('meetings')", show=False)
SHOW_EXPECTATIONS = Command("show_expectations", "2", "show_tab('expectations')", show=False)
SHOW_OPEN_ACTIONS = Command("show_open_actions", "3", "show_tab('actions')", show=False)
SHOW_LEDGER = Command("show_ledger", "4", "show_tab('ledger')", show=False)
ADD_MEMBER = Command("add_member", "a", "add_member")
EDIT_MEMBER = Command("edit_member", "e", "edit_member")
REMOVE_MEMBER = Command("remove_member", "delete,x", "remove_member")
IMPORT_ROSTER = Command("import_roster", "i", "import_roster")
ATTEST_MEMBER = Command("attest_member", "t", "attest_member")
FINAL_ANSWER = Command("final_answer", "enter", "final_answer", key_display="⏎")

# -- sharing with the room -------------------------------------------------------------------
ADMIT_DEVICE = Command("admit_device", "a", "admit_device")
RELEASE_DEVICE = Command("release_device", "r", "release_device")
REMOVE_DEVICE = Command("remove_device", "x,delete", "remove_device")
NEW_CODE = Command("new_code", "c", "new_code")
STOP_SHARING = Command("stop_sharing", "s", "stop_sharing")

# -- end and report -------------------------------------------------------------------------
REOPEN = Command("reopen", "o", "reopen", show=False)
AUDIENCE = Command("audience", "a", "switch_audience")
EXPORT = Command("export", "ctrl+s", "export")
COPY = Command("copy", "ctrl+y", "copy_report")
PSEUDONYMISE = Command("pseudonymise", "p", "pseudonymise")
KEEP_DETAIL = Command("keep_detail", "space", "toggle_keep", key_display="space")
REPLACE_DETAILS = Command("replace_details", "ctrl+s", "replace_details")
DRAFTS = Command("drafts", "m", "drafts")
HOME = Command("home", "h", "home")


# Actions that stand aside while a text field has focus (see the module's docstring).
TYPED_ACTIONS = frozenset(action_name(c.action) for c in _every_command() if c.typed)
