"""convanim from Python: numpy arrays in, convolutions and their
animations out, through libconvanim.so.0 (ctypes, nothing to compile).

    import convanim, numpy as np
    f = convanim.signal("sawtooth:pad=5")
    g = np.exp(-20 * np.linspace(0, 1, 40))
    y = convanim.conv(f, g)                       # numpy.convolve(f, g)
    convanim.animate(f, g, layout="product")      # shows itself in Jupyter
    convanim.preset("sliding_block").save("sliding_block.gif")

The library is found through CONVANIM_LIB when set, else in the source
tree's build/, else beside an installed package, else by the dynamic linker.
Every failure raises convanim.Error (a ValueError) with the library's
sentence; nothing is printed."""

from ._anim import FORMATS, Animation, animate, preset, presets
from ._engine import conv, conv2d, signal
from ._lib import Error

__all__ = ["Animation", "Error", "FORMATS", "animate", "conv", "conv2d", "preset", "presets",
           "signal"]
