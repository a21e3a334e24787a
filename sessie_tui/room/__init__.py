"""The room: a session shared with the devices of those present (see state.py)."""
