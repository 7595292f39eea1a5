"""Control characters in what people and programs send. Nobody types a NUL or an escape into a name, a
reason or a search; PostgreSQL refuses NUL in text (a 500 deep inside a save) and SQLite stores it as
is. So they are refused at the edge, once for every input; tab, line feed and carriage return stay
(multi-line reasons and notes)."""

import json
import re

# C0 controls but tab, LF and CR; DEL; the C1 controls.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# The same inside a JSON text: C0 controls only escaped (\u0000, \b, \f), an escape starting at a
# backslash that is not itself escaped, i.e. after an even run of backslashes; DEL and C1 escaped or raw.
_JSON_CONTROL = re.compile(
    r"(?<!\\)(?:\\\\)*\\(?:u00(?:0[0-8bBcCeEfF]|1[0-9a-fA-F]|7[fF]|[89][0-9a-fA-F])|[bf])|[\x7f-\x9f]"
)


def has_control(text: str) -> bool:
    return CONTROL.search(text) is not None


def json_has_control(body: bytes) -> bool:
    """Whether a JSON text carries a control character in any string (raw C0 ones are not valid JSON,
    and the parser refuses them itself). Read in whatever encoding `json.loads` would read it (UTF-8,
    -16 or -32); a body that decodes in none is the parser's to refuse."""
    try:
        text = body.decode(json.detect_encoding(body))
    except (UnicodeDecodeError, LookupError):
        return False
    return _JSON_CONTROL.search(text) is not None
