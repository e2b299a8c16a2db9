"""The knowledge base written from the letter: YAML files shipped as package data, so an
installed bot finds them wherever it runs."""

from pathlib import Path

KNOWLEDGE_DIR = Path(__file__).resolve().parent
