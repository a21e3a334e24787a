"""Every command of the app, defined once.

A command is an action with a default key, a footer label (`cmd.<id>` in
the catalog) and a help line (`help.<id>`). Screens build their BINDINGS from
these; the footer, the command palette and the help screen (F1) all read the
same bindings, so a command cannot be in one and missing from another. The
id is the binding id, so a user can remap any key in the config file's
`[keys]` table.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

CATALOG_PREFIX = "cmd."


@dataclass(frozen=True)
class Command:
    id: str
    key: str
    action: str
    show: bool = True
    key_display: str | None = None
    priority: bool = False
    group: str | None = None
    """A catalog key: commands with the same group share one footer label."""
    group_spaced: bool = False
    """Letters are spaced apart in the footer ("g o x"); signs stay together ("+-")."""

    @property
    def label_key(self) -> str:
        return f"{CATALOG_PREFIX}{self.id}"

    @property
    def help_key(self) -> str:
        return f"help.{self.id}"

    def binding(self) -> Binding:
        return Binding(
            self.key,
            self.action,
            self.label_key,
            show=self.show,
            key_display=self.key_display,
            priority=self.priority,
            id=self.id,
            group=Binding.Group(self.group, compact=not self.group_spaced) if self.group else None,
        )


def bindings(*commands: Command) -> list[Binding]:
    return [command.binding() for command in commands]


def command_id_of(binding: Binding) -> str | None:
    """The command id behind a binding made here; None for Textual's own bindings."""
    if binding.description.startswith(CATALOG_PREFIX):
        return binding.description[len(CATALOG_PREFIX) :]
    return None


# -- everywhere ---------------------------------------------------------------------------
QUIT = Command("quit", "ctrl+q", "quit", show=False, priority=True)
HELP = Command("help", "f1", "app.help", priority=True)
# Not shown in the list: the footer puts the palette key at its right end by itself.
PALETTE = Command("palette", "ctrl+p", "command_palette", show=False, priority=True)
THEME = Command("theme", "f2", "choose_theme", show=False)
BACK = Command("back", "escape", "back")
BACK_QUIETLY = Command("back", "escape", "back", show=False)
# Shown where there is room for it: on the home screen.
QUIT_SHOWN = Command("quit", "ctrl+q", "app.quit")

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
CONFIRM_YES = Command("yes", "j,y", "answer(True)")
CONFIRM_NO = Command("no", "n,escape", "answer(False)")
# In a form that saves as it is typed (the case): Esc closes, nothing is lost.
CLOSE_FORM = Command("close", "escape", "close_form")
# Moving between a form's fields as each key arrives (priority: the screen acts at once,
# before the field has taken the keys typed before it), so that in a burst of keys (SSH,
# tmux, a fast typist) what follows Tab or Enter lands in the next field, in order.
NEXT_FIELD = Command("next_field", "tab", "next_field", show=False, priority=True)
PREVIOUS_FIELD = Command("previous_field", "shift+tab", "previous_field", show=False, priority=True)
SUBMIT_FIELD = Command("submit_field", "enter", "submit_field", show=False, priority=True)
TOGGLE_FIELD = Command("toggle_field", "space", "toggle_field", show=False, priority=True)

# -- setup ----------------------------------------------------------------------------------
CONTINUE = Command("continue", "ctrl+n", "proceed", priority=True)
ADD_PARTICIPANT = Command("add_participant", "a", "add_participant")
RENAME_PARTICIPANT = Command("rename_participant", "e", "rename_participant", show=False)
SET_ROLE = Command("set_role", "r", "choose_role")
CYCLE_ATTENDANCE = Command("cycle_attendance", "space", "cycle_attendance", key_display="␣")
REMOVE_PARTICIPANT = Command("remove_participant", "delete,x", "remove_participant", show=False)
CHANGE_METHOD = Command("change_method", "ctrl+o", "change_method", priority=True)
# The case and the next meeting; also from the phase screen. A ctrl key: it works in a field.
EDIT_CASE = Command("case", "ctrl+g", "edit_case", priority=True)
# On the phase screen: in F1 and the palette; its footer is full at 80 columns.
EDIT_CASE_QUIETLY = Command("case", "ctrl+g", "edit_case", show=False, priority=True)

# -- confidentiality ------------------------------------------------------------------------
ACKNOWLEDGE = Command("acknowledge", "space", "toggle_acknowledgement", key_display="␣")
OVERRIDE = Command("override", "ctrl+o", "override", priority=True)

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
NOTE_KIND = Command("note_kind", "ctrl+t", "cycle_note_kind", priority=True)
NOTE_AUTHOR = Command("note_author", "w", "cycle_author", show=False)
SHOW_NOTES = Command("show_notes", "l", "toggle_notes", show=False)
CONFIDENTIALITY = Command("confidentiality", "c", "confidentiality", show=False)
END_SESSION = Command("end_session", "e", "end_session", show=False)

TOGGLE_BELL = Command("bell", "b", "toggle_bell", show=False)

# -- turns ("om de beurt") ------------------------------------------------------------------
NEXT_SPEAKER = Command("next_speaker", "t", "next_speaker")
SKIP_SPEAKER = Command("skip_speaker", "s", "skip_speaker", show=False)
PUT_BACK_SPEAKER = Command("put_back_speaker", "a", "put_back_speaker", show=False)
SHUFFLE_TURNS = Command("shuffle_turns", "o", "shuffle_turns", show=False)
CHOOSE_SPEAKER = Command("choose_speaker", "ctrl+o", "choose_speaker", priority=True)

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

SAVE_DIALOG = Command("save", "ctrl+s", "save_dialog", priority=True)

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
ADD_MEMBER = Command("add_member", "a", "add_member")
EDIT_MEMBER = Command("edit_member", "e", "edit_member")
REMOVE_MEMBER = Command("remove_member", "delete,x", "remove_member")
IMPORT_ROSTER = Command("import_roster", "i", "import_roster")
FINAL_ANSWER = Command("final_answer", "enter", "final_answer", key_display="⏎")

# -- end and report -------------------------------------------------------------------------
REOPEN = Command("reopen", "o", "reopen", show=False)
AUDIENCE = Command("audience", "a", "switch_audience")
EXPORT = Command("export", "ctrl+s", "export", priority=True)
COPY = Command("copy", "ctrl+y", "copy_report", priority=True)
HOME = Command("home", "h", "home")
