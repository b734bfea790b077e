"""A multi-user classroom on one machine: JupyterHub, one JupyterLab per student, nbgrader exchange.

``mlearn classroom up`` assembles the pieces (``roster`` accounts, ``accounts`` Linux users and homes,
``runtime`` a Python every user can run, ``hubconfig`` the hub configuration as data, ``postgres`` an
optional local gradebook server) and ``control`` starts and stops the processes. Nothing heavy is imported
here: JupyterHub is only needed by the hub process itself (``auth``, ``hubconfig``).
"""

STATE_DIR_NAME = ".classroom"
DEFAULT_PORT = 9700
DEFAULT_COURSE_ID = "mlearn"
