"""Operations: `onewindow backup` and `onewindow restore` (docs/operations.md)."""
