"""Matrix adapter (matrix-nio): rooms are assemblies, MXIDs are members."""

from .adapter import MatrixAdapter, MatrixLoginError
from .settings import MatrixSettings

__all__ = ["MatrixAdapter", "MatrixLoginError", "MatrixSettings"]
