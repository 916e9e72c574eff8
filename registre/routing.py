"""URL converters shared by every route (registered once, before the blueprints)."""
from flask import Flask
from werkzeug.routing import IntegerConverter

# The largest identifier a database column can hold (BIGINT): a larger number in a URL
# names nothing, so it must be a 404 rather than an overflow in the database driver.
MAX_ID = 2**63 - 1


class BoundedIntConverter(IntegerConverter):
    """``<int:…>`` limited to 0…2^63−1: a larger id does not match the route (404)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def init_routing(app: Flask) -> None:
    """Replace the default ``int`` converter by the bounded one for every route."""
    app.url_map.converters["int"] = BoundedIntConverter
