"""Models for minutes (see the meetings issue). Each model module lists its models in __all__."""

__all__: list[str] = []
