"""Tests of the book: chapter outputs, exercises, palette, figure data, README, metadata, PDF, offline pages."""
