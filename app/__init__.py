"""CreditDesk application core: domain, rules engine, services and persistence.

Nothing below this package imports Qt; the GUI (``ui``) and the ``creditdesk`` CLI are two
front ends over the same services.
"""

__version__ = "0.1.0"
