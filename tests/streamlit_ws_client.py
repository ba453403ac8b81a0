"""A raw client of Streamlit's websocket protocol, for tests: the app without a browser in between.

A browser turns what the user types into ``BackMsg`` protobufs on
``ws://HOST:PORT/_stcore/stream`` and draws the ``ForwardMsg`` deltas that come
back. This client does the same by hand, so a test can send what no text box
would let through: a carriage return or NUL kept as is, a megabyte of text, a
widget id the page never drew, an int where a text area holds text. It speaks
the protocol with the classes that ship with Streamlit
(``streamlit.proto.BackMsg_pb2`` / ``ForwardMsg_pb2``) over the ``websockets``
package Streamlit's own server depends on, so it adds no dependency.

    with StreamlitSession("http://127.0.0.1:8501") as session:
        page = session.open_page("queries")
        text_area = page.widget_id("q_adhoc_text")
        shown = session.rerun(page.page_hash("queries"), [string_state(text_area, "RETURN 1")])
        print(shown.text(), shown.exceptions())
"""

from __future__ import annotations

import re
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.sync.client import ClientConnection, connect

__all__ = ["Render", "StreamlitSession", "string_state", "trigger_state"]

# Element kinds whose ``body`` is text a reader sees (markdown covers captions and dividers too).
_TEXT_BODIES = ("markdown", "heading", "alert", "text", "html", "toast")
# A Markdown backslash escape (``\*``) and the word joiner escape_markdown puts inside auto-links.
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_WORD_JOINER = "\u2060"


def string_state(widget_id: str, value: str) -> WidgetState:
    """The state of a text widget (text area, text input) holding ``value``."""
    return WidgetState(id=widget_id, string_value=value)


def trigger_state(widget_id: str) -> WidgetState:
    """A button press (a form's submit button included), as the browser sends it for one run."""
    return WidgetState(id=widget_id, trigger_value=True)


def _readable(markdown: str) -> str:
    """Markdown as a reader sees it: escapes and word joiners gone (so ``root\\:x`` reads ``root:x``)."""
    return _ESCAPE.sub(r"\1", markdown).replace(_WORD_JOINER, "")


def _rows(arrow_ipc: bytes) -> list[list[Any]]:
    """The rows of a dataframe element (an Arrow IPC stream)."""
    if not arrow_ipc:
        return []
    return [list(row.values()) for row in pa.ipc.open_stream(arrow_ipc).read_all().to_pylist()]


@dataclass
class Render:
    """What the server sent for one script run (or several, when the script called ``st.rerun``)."""

    messages: list[ForwardMsg] = field(default_factory=list)

    @property
    def elements(self) -> list[tuple[str, Any]]:
        """Every element drawn, in order, as (kind, element proto): ("alert", Alert), ("text_area", ...)."""
        drawn = []
        for message in self.messages:
            if message.WhichOneof("type") == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                kind = element.WhichOneof("type")
                drawn.append((kind, getattr(element, kind)))
        return drawn

    def text(self) -> str:
        """Everything a reader could see: text bodies, code, dataframe cells, exceptions, widget labels."""
        parts = []
        for kind, element in self.elements:
            if kind in _TEXT_BODIES:
                parts.append(_readable(element.body))
            elif kind == "code":
                parts.append(element.code_text)
            elif kind in ("dataframe", "table"):
                parts.extend(" | ".join(map(str, row)) for row in _rows(element.arrow_data.data))
            elif kind == "exception":
                parts.extend([element.type, element.message, *element.stack_trace])
            elif hasattr(element, "label"):
                parts.append(element.label)
        return "\n".join(parts)

    def tables(self) -> list[list[list[Any]]]:
        """The rows of every dataframe drawn, in order."""
        return [_rows(e.arrow_data.data) for kind, e in self.elements if kind in ("dataframe", "table")]

    def alerts(self, format: int = Alert.ERROR) -> list[str]:
        """The readable text of every alert of one kind (``Alert.ERROR`` by default)."""
        return [_readable(e.body) for kind, e in self.elements if kind == "alert" and e.format == format]

    def exceptions(self) -> list[str]:
        """Every exception (traceback) element, as ``Type: message``; what a user must never see."""
        return [f"{e.type}: {e.message}" for kind, e in self.elements if kind == "exception"]

    def widget_id(self, key: str) -> str:
        """The id the server gave the widget of user key ``key`` (``$$ID-<hash>-<key>``)."""
        ids = [e.id for _, e in self.elements if getattr(e, "id", "").endswith(f"-{key}")]
        if len(ids) != 1:
            raise LookupError(f"{len(ids)} widgets with key {key!r} were drawn (expected one)")
        return ids[0]

    def has_widget(self, key: str) -> bool:
        return any(getattr(e, "id", "").endswith(f"-{key}") for _, e in self.elements)

    def page_hash(self, url_path: str) -> str:
        """The script hash of the page served at ``/url_path``, from the navigation message."""
        for message in self.messages:
            if message.WhichOneof("type") == "navigation":
                for page in message.navigation.app_pages:
                    if page.url_pathname == url_path:
                        return page.page_script_hash
        raise LookupError(f"no page at /{url_path} in the app's navigation")

    def default_page_hash(self) -> str:
        for message in self.messages:
            if message.WhichOneof("type") == "navigation":
                return next(p.page_script_hash for p in message.navigation.app_pages if p.is_default)
        raise LookupError("the app sent no navigation")


class StreamlitSession:
    """One session of the app over its websocket; a context manager that closes the connection."""

    def __init__(self, base_url: str, timeout_s: float = 60.0) -> None:
        self.url = base_url.replace("http://", "ws://", 1).rstrip("/") + "/_stcore/stream"
        self.timeout_s = timeout_s
        self._socket: ClientConnection | None = None
        self._open = ExitStack()

    def __enter__(self) -> StreamlitSession:
        # The first subprotocol is the one a browser selects; no XSRF token, no session to resume.
        opening = connect(self.url, subprotocols=["streamlit"], max_size=None, open_timeout=self.timeout_s)
        self._socket = self._open.enter_context(opening)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._socket = None
        self._open.close()

    def open_page(self, url_path: str, query_string: str = "") -> Render:
        """Run the app on the page served at ``/url_path``, as a browser opening that address does."""
        back = BackMsg()
        back.rerun_script.page_name = url_path
        back.rerun_script.query_string = query_string
        return self._run(back)

    def rerun(self, page_hash: str, widgets: list[WidgetState], query_string: str = "") -> Render:
        """Run the page of script hash ``page_hash`` again with these widget states (the browser's rerun)."""
        back = BackMsg()
        back.rerun_script.page_script_hash = page_hash
        back.rerun_script.query_string = query_string
        back.rerun_script.widget_states.widgets.extend(widgets)
        return self._run(back)

    def _run(self, back: BackMsg) -> Render:
        """Send one BackMsg; collect the ForwardMsgs until the script finished (not to rerun)."""
        if self._socket is None:
            raise RuntimeError("use the session inside a `with` block")
        self._socket.send(back.SerializeToString())
        render = Render()
        while True:
            message = ForwardMsg()
            message.ParseFromString(self._socket.recv(timeout=self.timeout_s))
            render.messages.append(message)
            if (
                message.WhichOneof("type") == "script_finished"
                and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
            ):
                return render
