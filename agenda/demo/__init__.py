"""An original demo programme, written in the seed's Jekyll format, with dates relative to today."""

from agenda.demo.programme import demo_pages

__all__ = ["demo_pages"]
