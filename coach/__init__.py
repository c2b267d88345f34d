"""Back Coach: a calm terminal coach for acute low back pain."""

__version__ = "0.1.0"
