"""The merchant's steps, one flow per file, written against page objects only."""
