"""convanim.animate and preset against `convanim animate` and `convanim
preset`: the same bytes for the same signals and options, the same
sentences for the same mistakes; and the Animation they return."""

import base64
import json
import os
import re

import numpy as np
import pytest

import convanim
from conftest import comment, without_comments

F = "sawtooth:cycles=2,period=5"
G = "decay:n=6,scale=3"
SMALL = ("--size", "320x240")
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def cli_gif(cli, tmp_path, *args, ext="gif", describe=None):
    """The command's file for args; with describe, its --describe JSON
    written there by a second run (a GIF made with --describe names the
    JSON in its description, which an Animation in memory has no file
    for)."""
    out = tmp_path / ("cli." + ext)
    run = cli(*args, "-q", "-o", out)
    assert run.returncode == 0, run.stderr
    if describe is not None:
        run = cli(*args, "-q", "-o", tmp_path / ("described." + ext), "--describe", describe)
        assert run.returncode == 0, run.stderr
    return out.read_bytes()


def test_arrays_give_the_frames_of_the_same_arrays_saved_as_npy(cli, tmp_path):
    rng = np.random.default_rng(4)
    f, g = np.pad(rng.random(23), 3), np.hanning(9)
    np.save(tmp_path / "f.npy", f)
    np.save(tmp_path / "g.npy", g)
    want = cli_gif(cli, tmp_path, "animate", "-f", tmp_path / "f.npy", "-g", tmp_path / "g.npy",
                   *SMALL, "--layout", "product")
    got = convanim.animate(f, g, size=(320, 240), layout="product").data
    assert without_comments(got) == without_comments(want)
    # the description differs only in what it calls the signals
    assert comment(got) == comment(want).replace(str(tmp_path / "f.npy"), "array").replace(
        str(tmp_path / "g.npy"), "array")


@pytest.mark.parametrize("kwargs, args", [
    ({}, []),
    ({"layout": "product", "mode": "same"}, ["--layout", "product", "-m", "same"]),
    ({"correlate": True, "layout": "overlay", "theme": "dark", "mode": "valid"},
     ["--correlate", "--layout", "overlay", "--theme", "dark", "-m", "valid"]),
    ({"fps": 12.5, "hold": 500, "loop": 3, "max_frames": 5},
     ["--fps", "12.5", "--hold", "500", "--loop", "3", "--max-frames", "5"]),
    ({"delay": 60, "title": "$y = x \\ast h$\nsecond line", "xlabel": "$t$",
      "labels": ("$x$", None, "$y$")},
     ["--delay", "60", "--title", "$y = x \\ast h$\nsecond line", "--xlabel", "$t$",
      "--labels", "$x$,,$y$"]),
    ({"layout": "product", "style": "stem", "intro": True, "pause_at": np.array([3, 5]),
      "pause": 700},
     ["--layout", "product", "--style", "stem", "--intro", "--pause-at", "3,5", "--pause", "700"]),
    ({"font": FONT, "font_scale": 1.5, "threads": 1},
     ["--font", FONT, "--font-scale", "1.5", "--threads", "1"]),
    ({"steps": (3, 8), "layout": "product", "pause_at": [5]},
     ["--steps", "3:8", "--layout", "product", "--pause-at", "5"]),
    ({"f_label": "$x$", "g_label": "h", "out_label": "output, twice\nas long"},
     ["--f-label", "$x$", "--g-label", "h", "--out-label", "output, twice\nas long"]),
    ({"labels": ("a", "b", "c"), "g_label": "$h$", "out_label": ""},
     ["--labels", "a,b,c", "--g-label", "$h$", "--out-label", ""]),
])
def test_options_are_the_commands(cli, tmp_path, kwargs, args):
    described = tmp_path / "d.json"
    want = cli_gif(cli, tmp_path, "animate", "-f", F, "-g", G, *SMALL, *args, describe=described)
    got = convanim.animate(F, G, size=(320, 240), **kwargs)
    assert got.data == want
    assert got.describe() == json.loads(described.read_text())


@pytest.mark.parametrize("f, g", [
    ("values:1;2;3,origin=-1", G),
    ("sawtooth:cycles=2,period=5,pad=2", "values:1;-1,origin=3"),
])
@pytest.mark.parametrize("layout", ["seed", "product"])
def test_spec_origins_and_pads_are_drawn_as_the_command_draws_them(cli, tmp_path, f, g, layout):
    described = tmp_path / "d.json"
    want = cli_gif(cli, tmp_path, "animate", "-f", f, "-g", g, *SMALL, "--layout", layout,
                   describe=described)
    got = convanim.animate(f, g, size=(320, 240), layout=layout)
    assert got.data == want
    assert got.describe() == json.loads(described.read_text())


def test_origins_place_arrays_as_origin_in_a_spec_does(cli, tmp_path):
    f, g = np.array([1.0, 2.0, -1.0, 0.5]), np.array([0.25, 1.0])
    np.save(tmp_path / "f.npy", f)
    np.save(tmp_path / "g.npy", g)
    specs = ("%s:origin=-2" % (tmp_path / "f.npy"), "%s:origin=1" % (tmp_path / "g.npy"))
    described = tmp_path / "d.json"
    want = cli_gif(cli, tmp_path, "animate", "-f", specs[0], "-g", specs[1], *SMALL,
                   describe=described)
    got = convanim.animate(f, g, size=(320, 240), origins=(-2, 1))
    assert without_comments(got.data) == without_comments(want)
    assert comment(got.data) == comment(want).replace(specs[0], "array").replace(specs[1],
                                                                                 "array")
    assert got.describe() == json.loads(described.read_text())
    assert got.data != convanim.animate(f, g, size=(320, 240)).data


def test_continuous_pauses_are_in_seconds_as_the_commands(cli, tmp_path):
    described = tmp_path / "d.json"
    want = cli_gif(cli, tmp_path, "animate", "--continuous", "-f", "rect:width=1", "-g",
                   "exp:rate=2", *SMALL, "--pause-at", "0.5,1.25", "--pause", "400",
                   describe=described)
    got = convanim.animate("rect:width=1", "exp:rate=2", continuous=True, size=(320, 240),
                           pause_at=[0.5, 1.25], pause=400)
    assert got.data == want
    assert got.describe() == json.loads(described.read_text())


@pytest.mark.parametrize("fmt", ["webp", "webm", "mp4"])
def test_every_format_is_the_commands(cli, tmp_path, fmt):
    want = cli_gif(cli, tmp_path, "animate", "-f", F, "-g", G, *SMALL, ext=fmt)
    got = convanim.animate(F, G, size=(320, 240), fmt=fmt)
    assert got.data == want
    assert got.fmt == fmt
    assert convanim.FORMATS[fmt].mime.split("/")[1] == fmt
    got.save(tmp_path / ("saved." + fmt))
    assert (tmp_path / ("saved." + fmt)).read_bytes() == want


def test_presets_are_the_commands_discrete_and_continuous(cli, tmp_path):
    names = [p["name"] for p in convanim.presets()]
    assert names[:2] == ["sliding_block", "gaussian_smoothing"]
    listed = cli("preset", "--list").stdout
    for p in convanim.presets():
        assert "%-20s f = %s\n" % (p["name"], p["f"]) in listed
        assert p["about"] in listed
    assert convanim.preset("sliding_block").data == cli_gif(cli, tmp_path, "preset",
                                                            "sliding_block")
    continuous = [p["name"] for p in convanim.presets() if p["continuous"]]
    assert continuous
    described = tmp_path / "d.json"
    for name in continuous:
        want = cli_gif(cli, tmp_path, "preset", name, *SMALL, "--fps", "10", "--duration", "2",
                       describe=described)
        got = convanim.preset(name, size=(320, 240), fps=10, duration=2)
        assert got.data == want
        assert got.describe() == json.loads(described.read_text())


def test_continuous_specs_animate_as_the_command_does(cli, tmp_path):
    want = cli_gif(cli, tmp_path, "animate", "--continuous", "-f", "rect:width=1", "-g",
                   "exp:rate=2", *SMALL, "--layout", "product", "--duration", "1")
    got = convanim.animate("rect:width=1", "exp:rate=2", continuous=True, size=(320, 240),
                           layout="product", duration=1)
    assert got.data == want


def test_the_poster_is_the_commands(cli, tmp_path):
    poster = tmp_path / "poster.png"
    cli_gif(cli, tmp_path, "animate", "-f", F, "-g", G, *SMALL, "--poster", poster)
    assert convanim.animate(F, G, size=(320, 240)).poster == poster.read_bytes()


def library_sentence(run):
    """The command's one line without its "convanim: "."""
    assert run.returncode == 2 and run.stdout == ""
    line, = run.stderr.splitlines()
    assert line.startswith("convanim: ")
    return line[len("convanim: "):]


@pytest.mark.parametrize("kwargs, args", [
    ({"layout": "sideways"}, ["--layout", "sideways"]),
    ({"size": (100, 100)}, ["--size", "100x100"]),
    ({"delay": 700000}, ["--delay", "700000"]),
    ({"hold": -1}, ["--hold", "-1"]),
    ({"pause_at": [500]}, ["--pause-at", "500"]),
    ({"title": "$\\foo$"}, ["--title", "$\\foo$"]),
    ({"theme": "sepia"}, ["--theme", "sepia"]),
    ({"style": "dots"}, ["--style", "dots"]),
    ({"mode": "middle"}, ["-m", "middle"]),
    ({"font": "/nonexistent/font.ttf"}, ["--font", "/nonexistent/font.ttf"]),
    ({"steps": (5, 500)}, ["--steps", "5:500"]),
    ({"steps": (6, 2)}, ["--steps", "6:2"]),
    ({"steps": (2, 6), "pause_at": [1]}, ["--steps", "2:6", "--pause-at", "1"]),
])
def test_bad_options_raise_the_commands_sentence(cli, tmp_path, capfd, kwargs, args):
    want = library_sentence(cli("animate", "-f", F, "-g", G, *args, "-o", tmp_path / "a.gif"))
    with pytest.raises(convanim.Error) as caught:
        convanim.animate(F, G, **kwargs)
    assert str(caught.value) == want
    assert capfd.readouterr() == ("", "")


@pytest.mark.parametrize("f, g, args", [
    ("sawtoth", G, []),
    ("random:n=1048577", "values:1", []),
    ("values:1", "rect:width=-1", ["--continuous"]),
])
def test_bad_signals_raise_the_commands_sentence(cli, tmp_path, capfd, f, g, args):
    want = library_sentence(cli("animate", "-f", f, "-g", g, *args, "-o", tmp_path / "a.gif"))
    with pytest.raises(convanim.Error) as caught:
        convanim.animate(f, g, continuous=bool(args))
    assert str(caught.value) == want
    assert capfd.readouterr() == ("", "")


def test_a_budget_says_it_is_one():
    with pytest.raises(convanim.Error) as caught:
        convanim.animate(np.ones(2**20), [1])
    assert caught.value.status == "input over the limits"


@pytest.mark.parametrize("call, message", [
    (lambda: convanim.animate(F, G, fmt="avi"),
     "fmt 'avi' is not a format convanim writes here; it writes gif, mp4, webm, webp"),
    (lambda: convanim.animate(F, G, delay=40, fps=25), "give delay or fps, not both"),
    (lambda: convanim.animate(F, G, fps=500), "fps wants a number from 0.1 to 100 (got 500)"),
    (lambda: convanim.animate(F, G, size="960x640"),
     "size wants (width, height) in pixels, like (960, 640) (got '960x640')"),
    (lambda: convanim.animate(F, G, size=(960.5, 640)), "width wants a whole number (got 960.5)"),
    (lambda: convanim.animate(F, G, labels=("a", "b")),
     "labels wants three labels (f, g, output), None for a default (got ('a', 'b'))"),
    (lambda: convanim.animate(F, G, pause_at=3),
     "pause_at wants a list of output samples (got 3)"),
    (lambda: convanim.animate(F, G, pause_at=[-1]),
     "pause_at wants a whole number from 0 to 9223372036854775807 (got -1)"),
    (lambda: convanim.animate(F, G, loop=70000),
     "loop wants a whole number from 0 to 65535 (got 70000)"),
    (lambda: convanim.animate(F, G, max_frames=0),
     "max_frames wants a whole number from 1 to 2147483647 (got 0)"),
    (lambda: convanim.animate(F, G, threads=65),
     "threads wants a whole number from 0 to 64 (got 65)"),
    (lambda: convanim.animate(F, G, title="a\0b"),
     "title has a NUL character, which C strings cannot hold"),
    (lambda: convanim.animate(F, G, steps=5), "steps wants output samples (a, b), like (10, 30) "
     "(got 5)"),
    (lambda: convanim.animate(F, G, steps=(-1, 3)),
     "steps wants a whole number from 0 to 9223372036854775807 (got -1)"),
    (lambda: convanim.animate("rect", "rect", continuous=True, steps=(1, 2)),
     "steps is for discrete signals: continuous frames are times (use duration)"),
    (lambda: convanim.animate("rect", "rect", continuous=True, pause_at=["1"]),
     "pause_at wants a number (got '1')"),
    (lambda: convanim.animate("rect", "rect", continuous=True, pause_at=0.5),
     "pause_at wants a list of times in seconds (got 0.5)"),
    (lambda: convanim.animate(F, G, f_label=3), "f_label wants a string (got 3)"),
    (lambda: convanim.animate(F, [1, 2], origins=(-1, 0)),
     "f is a spec: its origin goes in it (origin=N), not in origins"),
    (lambda: convanim.animate([1], [1, 2], origins=-1),
     "origins wants the indices of f[0] and g[0], (f0, g0), None for a spec's own (got -1)"),
    (lambda: convanim.animate([1], [1, 2], origins=(0, 0.5)),
     "origins wants a whole number (got 0.5)"),
    (lambda: convanim.animate("rect", "rect", continuous=True, origins=(0, 0)),
     "origins is for arrays of samples; continuous time takes specs"),
    (lambda: convanim.animate(F, G, duration=2),
     "duration is for continuous time; discrete frames are samples (use max_frames)"),
    (lambda: convanim.animate([0, 1], [1], continuous=True),
     'continuous time takes f as a spec, like "rect:width=1" (got list)'),
    (lambda: convanim.animate("rect", "rect", continuous=True, correlate=True),
     "correlate is for discrete signals: a continuous convolution covers its whole support"),
    (lambda: convanim.preset("sliding_block", f="values:1"),
     "a preset brings its own signals; use convanim.animate(f, g) for others"),
    (lambda: convanim.preset("sliding_block", continuous=True),
     "preset 'sliding_block' is of discrete signals; continuous does not apply"),
    (lambda: convanim.preset(None),
     "no preset given (presets: sliding_block, gaussian_smoothing, rect_rect, rect_exp, "
     "gauss_gauss)"),
    (lambda: convanim.preset("nope"),
     "unknown preset 'nope' (presets: sliding_block, gaussian_smoothing, rect_rect, rect_exp, "
     "gauss_gauss)"),
])
def test_bad_arguments_raise_error_and_print_nothing(capfd, call, message):
    with pytest.raises(convanim.Error) as caught:
        call()
    assert str(caught.value) == message
    assert capfd.readouterr() == ("", "")


def test_save_replaces_the_file_whole_and_leaves_nothing_else(tmp_path):
    a = convanim.animate(F, G, size=(320, 240))
    path = tmp_path / "a.gif"
    path.write_bytes(b"old")
    a.save(path)
    assert path.read_bytes() == a.data
    a.save(str(path))
    assert os.listdir(tmp_path) == ["a.gif"]


def test_save_refuses_a_path_it_cannot_write_and_leaves_it_as_it_was(cli, tmp_path):
    a = convanim.animate(F, G, size=(320, 240))
    (tmp_path / "folder").mkdir()
    for target in (tmp_path / "missing" / "a.gif", tmp_path / "folder"):
        want = library_sentence(cli("animate", "-f", F, "-g", G, "-o", target))
        with pytest.raises(convanim.Error) as caught:
            a.save(target)
        assert str(caught.value) == want
    assert sorted(os.listdir(tmp_path)) == ["folder"]
    assert os.listdir(tmp_path / "folder") == []


def test_jupyter_shows_the_bytes_inline_with_alt_text(tmp_path):
    data = tmp_path / 'a<b>&"c".csv'
    data.write_text("0 1 2 3 4 5 6 7 8 9")
    a = convanim.animate(str(data), G, size=(320, 240))
    tag = a._repr_html_()
    found = re.fullmatch(r'<img src="data:image/gif;base64,([A-Za-z0-9+/=]+)" width="320" '
                         r'height="240" alt="([^"]*)">', tag)
    assert found, tag
    assert base64.b64decode(found.group(1)) == a.data
    assert found.group(2).startswith("Animation of the full mode convolution of f = %s"
                                     % str(data).replace("&", "&amp;").replace("<", "&lt;")
                                     .replace(">", "&gt;").replace('"', "&quot;"))
    assert a.alt.startswith("Animation of the full mode convolution of f = %s" % data)
    assert a.frames == 10 + 6 - 1 == len(a.describe()["frames"])
    assert repr(a) == "<convanim.Animation gif 320x240, 15 frames, %d bytes>" % len(a.data)


def test_describe_gives_a_new_dict_each_call():
    a = convanim.animate(F, G, size=(320, 240), layout="product", intro=True)
    first = a.describe()
    assert [f["kind"] for f in first["frames"]][11:13] == ["intro", "step"]
    assert first["frames"][-1]["value"] == convanim.conv(convanim.signal(F),
                                                         convanim.signal(G))[-1]
    first["frames"].clear()
    assert len(a.describe()["frames"]) == a.frames
