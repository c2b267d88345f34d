"""The pure-Python core: content, exercise engine, walks. Knows nothing of Textual or TinyDB."""
