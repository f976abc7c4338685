"""A small, strict reader of iCalendar files, independent of icalendar and vobject.

It checks what RFC 5545 (syntax, structure, required properties) and RFC 5546 (what
each METHOD requires of an event) demand and what calendar programs trip over, and
returns the file as nested components so tests can look inside. Any breach raises
``Breach`` naming the line or component.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_OCTETS = 75
_NAME = r"[A-Za-z0-9-]+"
_PARAM_VALUE = r'"[^"\x00-\x08\x0a-\x1f\x7f]*"|[^";:,\x00-\x08\x0a-\x1f\x7f]*'
_PARAM = rf"{_NAME}=(?:{_PARAM_VALUE})(?:,(?:{_PARAM_VALUE}))*"
CONTENT_LINE = re.compile(rf"(?P<name>{_NAME})(?P<params>(?:;{_PARAM})*):(?P<value>[^\x00-\x08\x0a-\x1f\x7f]*)")
PARAM = re.compile(rf";(?P<name>{_NAME})=(?P<value>{_PARAM_VALUE})")


class Breach(AssertionError):
    pass


@dataclass
class Property:
    name: str
    params: dict[str, str]
    value: str


@dataclass
class Component:
    name: str
    properties: list[Property] = field(default_factory=list)
    components: list[Component] = field(default_factory=list)

    def all(self, name: str) -> list[Property]:
        return [p for p in self.properties if p.name == name]

    def one(self, name: str) -> Property:
        found = self.all(name)
        if len(found) != 1:
            raise Breach(f"{self.name} has {len(found)} {name}, needs exactly one")
        return found[0]

    def value(self, name: str) -> str:
        return self.one(name).value

    def sub(self, name: str) -> list[Component]:
        return [c for c in self.components if c.name == name]


def physical_lines(data: bytes) -> list[str]:
    if not data.endswith(b"\r\n"):
        raise Breach("the last line does not end with CRLF")
    lines = data[:-2].split(b"\r\n")
    for number, line in enumerate(lines, start=1):
        if b"\r" in line or b"\n" in line:
            raise Breach(f"line {number}: a bare CR or LF")
        if len(line) > MAX_OCTETS:
            raise Breach(f"line {number}: {len(line)} octets, more than {MAX_OCTETS}")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as error:
            raise Breach(f"line {number}: not UTF-8 (a character split by folding?)") from error
    return [line.decode("utf-8") for line in lines]


def content_lines(data: bytes) -> list[str]:
    logical: list[str] = []
    for line in physical_lines(data):
        if line[:1] in (" ", "\t"):
            if not logical:
                raise Breach("the file starts with a continuation line")
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return logical


def _property(line: str) -> Property:
    match = CONTENT_LINE.fullmatch(line)
    if match is None:
        raise Breach(f"not a content line: {line!r}")
    params = {m["name"].upper(): m["value"].strip('"') for m in PARAM.finditer(match["params"])}
    return Property(match["name"].upper(), params, match["value"])


def parse(data: bytes) -> Component:
    """The VCALENDAR of a file, checked line by line and component by component."""
    stack: list[Component] = []
    root: Component | None = None
    for line in content_lines(data):
        prop = _property(line)
        if prop.name == "BEGIN":
            component = Component(prop.value.upper())
            if stack:
                stack[-1].components.append(component)
            elif root is not None:
                raise Breach("more than one object in the file")
            else:
                root = component
            stack.append(component)
        elif prop.name == "END":
            if not stack or stack[-1].name != prop.value.upper():
                raise Breach(f"END:{prop.value} does not close {stack[-1].name if stack else 'anything'}")
            stack.pop()
        elif not stack:
            raise Breach(f"{prop.name} outside any component")
        else:
            stack[-1].properties.append(prop)
    if stack or root is None or root.name != "VCALENDAR":
        raise Breach("the file is not one complete VCALENDAR")
    check(root)
    return root


def check(calendar: Component) -> None:
    calendar.one("PRODID")
    if calendar.value("VERSION") != "2.0":
        raise Breach("VERSION must be 2.0")
    method = calendar.value("METHOD") if calendar.all("METHOD") else None
    zones = {zone.value("TZID"): zone for zone in calendar.sub("VTIMEZONE")}
    for zone in zones.values():
        _check_timezone(zone)
    events = calendar.sub("VEVENT")
    if not events:
        raise Breach("no VEVENT")
    for event in events:
        _check_event(event, zones)
        if method:
            _check_method(event, method)
    if method in ("REQUEST", "CANCEL") and len({event.value("UID") for event in events}) != 1:
        raise Breach(f"a {method} message must be about one event (one UID)")


def _check_timezone(zone: Component) -> None:
    observances = zone.sub("STANDARD") + zone.sub("DAYLIGHT")
    if not observances:
        raise Breach(f"VTIMEZONE {zone.value('TZID')} without STANDARD or DAYLIGHT")
    for observance in observances:
        if not re.fullmatch(r"\d{8}T\d{6}", observance.value("DTSTART")):
            raise Breach("an observance's DTSTART must be a local date-time")
        for name in ("TZOFFSETFROM", "TZOFFSETTO"):
            if not re.fullmatch(r"[+-]\d{4}", observance.value(name)):
                raise Breach(f"{name} is not a UTC offset")


def _check_event(event: Component, zones: dict[str, Component]) -> None:
    for name in ("UID", "DTSTAMP", "DTSTART"):
        event.one(name)
    for name in ("DTSTAMP", "LAST-MODIFIED"):
        for prop in event.all(name):
            if not re.fullmatch(r"\d{8}T\d{6}Z", prop.value):
                raise Breach(f"{name} must be UTC")
    if event.all("DTEND") and event.all("DURATION"):
        raise Breach("DTEND and DURATION together")
    for prop in event.properties:
        tzid = prop.params.get("TZID")
        if tzid is not None and tzid not in zones:
            raise Breach(f"{prop.name} refers to TZID {tzid} without a VTIMEZONE")
        if prop.name in ("ORGANIZER", "ATTENDEE") and not prop.value.lower().startswith("mailto:"):
            raise Breach(f"{prop.name} is not a mailto: address")
    if event.all("SEQUENCE") and not event.value("SEQUENCE").isdigit():
        raise Breach("SEQUENCE is not a non-negative integer")


def _check_method(event: Component, method: str) -> None:
    """RFC 5546 §3.2: what an event must and must not hold for each METHOD."""
    event.one("ORGANIZER")
    attendees = event.all("ATTENDEE")
    if method == "PUBLISH":
        event.one("SUMMARY")
        if attendees:
            raise Breach("PUBLISH must not name attendees")
    elif method == "REQUEST":
        event.one("SUMMARY")
        event.one("SEQUENCE")
        if not attendees:
            raise Breach("REQUEST needs at least one ATTENDEE")
        if event.all("STATUS") and event.value("STATUS") not in ("CONFIRMED", "TENTATIVE"):
            raise Breach("a REQUEST's STATUS is CONFIRMED or TENTATIVE")
    elif method == "CANCEL":
        event.one("SEQUENCE")
        if event.value("STATUS") != "CANCELLED":
            raise Breach("CANCEL of the whole event needs STATUS:CANCELLED")
    else:
        raise Breach(f"unexpected METHOD {method}")
