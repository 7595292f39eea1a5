"""onewindow: a government service-center platform (政务服务平台)."""

__version__ = "0.1.0"
