"""The one exception the command line turns into an ``error:`` line."""


class UserError(Exception):
    """Something the user can act on; ``str()`` is one line saying what, where and why."""
