"""What a parser returns: activities in the design §3 dict form, problems and notes."""
from dataclasses import asdict, dataclass, field


@dataclass
class Problem:
    """A blocking problem, located by sheet and row (spreadsheets) or by activity (JSON)."""

    message: str
    sheet: str | None = None
    row: int | None = None
    where: str | None = None

    def __str__(self) -> str:
        place = []
        if self.sheet is not None:
            place.append(f"Feuille « {self.sheet} »")
        if self.row is not None:
            place.append(f"ligne {self.row}")
        if self.where:
            place.append(self.where)
        return f"{', '.join(place)} : {self.message}" if place else self.message


@dataclass
class ParsedImport:
    """Activities read from a file, in file order, with where each one came from."""

    source: str
    activities: list[dict] = field(default_factory=list)
    origins: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, data: dict, origin: str) -> None:
        """Append one activity and the place it was read from."""
        self.activities.append(data)
        self.origins.append(origin)

    def problem(self, message: str, sheet: str | None = None, row: int | None = None,
                where: str | None = None) -> None:
        """Record a blocking problem."""
        self.problems.append(Problem(message, sheet, row, where))

    def to_json(self) -> dict:
        """Return a JSON-ready form, kept server-side between preview and confirm."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "ParsedImport":
        """Rebuild from :meth:`to_json`."""
        return cls(source=data["source"], activities=data["activities"],
                   origins=data["origins"],
                   problems=[Problem(**problem) for problem in data["problems"]],
                   notes=data["notes"])
