"""Klantbeeld's use cases as plain functions. Each public function is one transaction."""
