"""Every non-trivial read, one module per screen family or consumer."""
