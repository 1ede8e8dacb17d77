"""Matrix adapter (matrix-nio): rooms are assemblies, MXIDs are members."""

from .adapter import MatrixAdapter, MatrixLoginError
from .settings import MatrixSettings

__all__ = ["MatrixAdapter", "MatrixLoginError", "MatrixSettings"]


def build(block: dict[str, object]) -> MatrixAdapter:
    """The composition root's entry point: validate the `[matrix]` settings block."""
    return MatrixAdapter(MatrixSettings.model_validate(block))
