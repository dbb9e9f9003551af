"""Pure document builders: loaded objects in, bytes out (no Flask)."""
