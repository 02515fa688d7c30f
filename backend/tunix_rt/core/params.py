"""The error raised for a bad named parameter, shared by generators and judges."""


class ParamError(ValueError):
    """A parameter is invalid; `field` names it (e.g. ``params.digits``) for the API."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
