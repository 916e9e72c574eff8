"""URL converters shared by every route (registered once, before the blueprints)."""
from flask import Flask
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter

# The largest identifier a database column can hold (BIGINT): a larger number in a URL
# names nothing, so it must be a 404 rather than an overflow in the database driver.
MAX_ID = 2**63 - 1


class BoundedIntConverter(IntegerConverter):
    """``<int:…>`` limited to 0…2^63−1: a larger id names nothing (404).

    The refusal is a 404 raised here rather than a non-match: werkzeug would answer 405 when
    another method of the same path exists.
    """

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise NotFound()
        return number


def init_routing(app: Flask) -> None:
    """Replace the default ``int`` converter by the bounded one for every route."""
    app.url_map.converters["int"] = BoundedIntConverter
