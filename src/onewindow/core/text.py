"""Control characters in what people and programs send. Nobody types a NUL or an escape into a name, a
reason or a search; PostgreSQL refuses NUL in text (a 500 deep inside a save) and SQLite stores it as
is. So they are refused at the edge, once for every input; tab, line feed and carriage return stay
(multi-line reasons and notes)."""

import re

# C0 controls but tab, LF and CR; DEL; the C1 controls.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# The same inside a JSON text (UTF-8): C0 controls only escaped (\u0000, \b, \f), an escape starting at a
# backslash that is not itself escaped, i.e. after an even run of backslashes; DEL and C1 escaped or raw
# (raw C1 is the two bytes C2 80-9F; C2 is always a lead byte, so never part of another character).
_JSON_CONTROL = re.compile(
    rb"(?<!\\)(?:\\\\)*\\(?:u00(?:0[0-8bBcCeEfF]|1[0-9a-fA-F]|7[fF]|[89][0-9a-fA-F])|[bf])"
    rb"|\x7f|\xc2[\x80-\x9f]"
)


def has_control(text: str) -> bool:
    return CONTROL.search(text) is not None


def json_has_control(body: bytes) -> bool:
    """Whether a JSON text carries a control character in any string (raw ones are not valid JSON, and
    the parser refuses them itself)."""
    return _JSON_CONTROL.search(body) is not None
