"""Errors that users read: French first, English second, never a bare traceback."""


class MlearnError(Exception):
    """An error whose message a student or instructor can act on.

    ``fr`` is shown first; ``en`` follows for English-speaking users. ``hint`` says how to fix it.
    """

    def __init__(self, fr: str, en: str | None = None, hint: str | None = None):
        self.fr = fr
        self.en = en
        self.hint = hint
        super().__init__(self.one_line())

    def one_line(self) -> str:
        text = self.fr
        if self.en:
            text += f" / {self.en}"
        if self.hint:
            text += f" — {self.hint}"
        return text


class DataError(MlearnError):
    """A dataset is missing, corrupted or does not match its schema."""


class BuildError(DataError):
    """The data build met a malformed raw file; ``data/`` was left untouched."""
