"""Sub-commands of ``kit``: each module defines ``register(subparsers)``."""
