"""One thin wrapper per external program (keyword-only arguments, a timeout, typed errors)."""
