"""Pure document builders: loaded objects in, bytes out. No Flask imports here."""
