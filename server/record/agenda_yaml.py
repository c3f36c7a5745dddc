"""The agenda as YAML: read from an upload or a file, written for `floor import`.

Agendas come from anyone who can reach `/`, so the reader is built for hostile
text: YAML anchors and aliases (which let a few kilobytes expand to gigabytes),
explicit tags and deep nesting are refused before anything is built.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

from floor.domain.agenda import agenda_to_data
from floor.domain.agenda_problems import Problem
from floor.domain.errors import DomainError, Refusal
from floor.domain.model import Meeting

MAX_DEPTH = 12  # an agenda is at most five levels deep (items, sub-points, points)


class _AgendaLoader(yaml.SafeLoader):
    """PyYAML's safe loader without anchors, aliases, explicit tags or deep nesting."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused(event, "uses YAML anchors or aliases (& and *): write each value out")
        if isinstance(event, yaml.NodeEvent) and _explicit_tag(event):
            raise _Refused(event, "uses a YAML tag (!…): write plain values")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(event, "is nested too deeply")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _int_or_clock(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """YAML 1.1 reads an unquoted 10:00 as the number 600 (base 60): keep it as written,
    a time of day or an "h:mm" duration."""
    value = loader.construct_scalar(node)
    if isinstance(value, str) and ":" in value:
        return value
    return loader.construct_yaml_int(node)


def _float_or_clock(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    value = loader.construct_scalar(node)
    if isinstance(value, str) and ":" in value:
        return value
    return loader.construct_yaml_float(node)


_AgendaLoader.add_constructor("tag:yaml.org,2002:int", _int_or_clock)
_AgendaLoader.add_constructor("tag:yaml.org,2002:float", _float_or_clock)


def line_finder(text: str) -> Callable[[Problem], int | None]:
    """For a problem in agenda data read from `text`, the line it comes from."""
    try:
        root = _AgendaLoader(text).get_single_node()
    except (yaml.YAMLError, RecursionError):
        root = None

    def child(node: Any, key: str) -> Any:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == key:
                    return k, v
        return None

    def line_of(problem: Problem) -> int | None:
        if root is None:
            return None
        node: Any = root
        if problem.item is not None:
            found = child(root, "items")
            if found is None or not isinstance(found[1], yaml.SequenceNode):
                return None
            entries = found[1].value
            if problem.item > len(entries):
                return None
            node = entries[problem.item - 1]
        if problem.field:
            found = child(node, problem.field)
            if found is not None:
                return int(found[0].start_mark.line) + 1
        if node is root and problem.item is None and not problem.field:
            return None
        return int(node.start_mark.line) + 1

    return line_of


def _explicit_tag(event: yaml.NodeEvent) -> bool:
    tag = getattr(event, "tag", None)
    if tag is None or tag == "!":
        return False
    if isinstance(event, yaml.ScalarEvent):
        return event.implicit == (False, False)
    return not getattr(event, "implicit", True)


class _Refused(yaml.YAMLError):
    def __init__(self, event: yaml.Event, what: str) -> None:
        super().__init__(what)
        self.line = event.start_mark.line + 1 if event.start_mark else 1
        self.what = what


def load_agenda_yaml(text: str) -> Any:
    """Parsed agenda data from YAML text; DomainError("invalid_agenda") in plain words."""
    try:
        return yaml.load(text, Loader=_AgendaLoader)  # noqa: S506 - a safe loader, narrowed
    except _Refused as exc:
        raise DomainError(Refusal.AGENDA_REFUSED_YAML, problem=exc.what, line=exc.line) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "it cannot be read"
        if mark is not None:
            raise DomainError(
                Refusal.AGENDA_BAD_YAML_AT, line=mark.line + 1, column=mark.column + 1,
                problem=problem,
            ) from None
        raise DomainError(Refusal.AGENDA_BAD_YAML, problem=problem) from None
    except RecursionError:
        raise DomainError(Refusal.AGENDA_TOO_DEEP) from None


def agenda_yaml(meeting: Meeting) -> str:
    """The agenda as it stands now (live edits included), in the example files' layout."""
    header = f"# {' '.join(meeting.title.split())}: the agenda, exported by Floor.\n"
    body = yaml.safe_dump(
        agenda_to_data(meeting), sort_keys=False, allow_unicode=True, width=100
    )
    return header + body
