"""Writes to the project and obligation registers; each rule lives here once."""
