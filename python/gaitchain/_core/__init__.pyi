"""
gaitchain compiled core (C++). Use the gaitchain package, not this module directly.
"""
from __future__ import annotations
from . import core
from . import io
from . import model
from . import synthetic
from . import fit
from . import events
from . import metrics
__all__: list[str] = ['core', 'events', 'fit', 'io', 'metrics', 'model', 'synthetic']
