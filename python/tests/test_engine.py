"""convanim.signal, conv and conv2d against the command line, numpy and
SciPy's reference values."""

import numpy as np
import pytest

import convanim


def test_signal_is_what_the_command_prints(cli, fixtures):
    specs = [line.split()[0] for line in (fixtures / "signals.txt").read_text().splitlines()]
    assert len(specs) > 20
    for spec in specs:
        printed = cli("signal", spec)
        assert printed.returncode == 0, printed.stderr
        want = np.array([float(v) for v in printed.stdout.split()])
        np.testing.assert_array_equal(convanim.signal(spec), want, err_msg=spec)


def test_signal_reads_a_file(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("1, 2.5\n# a comment\n-3\n")
    np.testing.assert_array_equal(convanim.signal("%s:pad=1" % path), [0, 1, 2.5, -3, 0])


def within(y, want, f, g):
    """The engine adds its products in its own order: equal to numpy's at
    1e-12 of the largest sum of magnitudes."""
    scale = np.abs(f).sum() * np.abs(g).sum()
    assert y.shape == want.shape
    assert np.abs(y - want).max() <= 1e-12 * scale


@pytest.mark.parametrize("mode", ["full", "same", "valid"])
@pytest.mark.parametrize("correlate", [False, True])
def test_conv_is_numpys_convolve_and_correlate(mode, correlate):
    rng = np.random.default_rng(16)
    numpy_op = np.correlate if correlate else np.convolve
    for nf in (1, 2, 5, 8):
        for ng in (1, 3, 4, 9):
            f, g = rng.normal(size=nf), rng.normal(size=ng)
            within(convanim.conv(f, g, mode=mode, correlate=correlate),
                   numpy_op(f, g, mode=mode), f, g)


def test_conv_takes_what_numpy_takes():
    # lists, integers, a scalar as one sample, float32
    np.testing.assert_array_equal(convanim.conv([1, 2, 3], [0, 1, 0.5]), [0, 1, 2.5, 4, 1.5])
    np.testing.assert_array_equal(convanim.conv(2, [1, 2]), [2, 4])
    y = convanim.conv(np.arange(4, dtype=np.int32), np.ones(2, dtype=np.float32), "valid")
    assert y.dtype == np.float64
    np.testing.assert_array_equal(y, [1, 3, 5])


@pytest.mark.parametrize("args, message", [
    (([], [1]), "cannot convolve an empty signal"),
    (([1], [1], "middle"), "unknown mode 'middle' (modes: full, same, valid)"),
    (([[1, 2]], [1]), "f is 2-D; it wants a 1-D array"),
    (([1, np.nan], [1]), "f[1] is nan: samples must be finite numbers"),
    (([1], [1j]), "g holds complex128 values; convanim takes real numbers"),
    (([1], ["a"]), "g holds <U1 values; convanim takes real numbers"),
    (([1e200], [1e200]), "the output overflows: sample 0 is inf; scale f or g down"),
])
def test_conv_refuses_bad_input_in_words(args, message):
    with pytest.raises(convanim.Error) as caught:
        convanim.conv(*args)
    assert str(caught.value) == message
    assert caught.value.status == "bad input"
    assert isinstance(caught.value, ValueError)


def matrix(path):
    rows = path.read_text().splitlines()
    h, w = map(int, rows[0].split())
    m = np.array([[float(v) for v in row.split()] for row in rows[1:]])
    assert m.shape == (h, w)
    return m


def test_conv2d_is_scipys_convolve2d_with_a_stride(fixtures):
    cases = (fixtures / "conv2d.txt").read_text().splitlines()
    assert len(cases) > 100
    for case in cases:
        image, kernel, mode, sy, sx, result = case.split()
        img = matrix(fixtures / "conv2d" / (image + ".txt"))
        k = matrix(fixtures / "conv2d" / (kernel + ".txt"))
        stride = (int(sy), int(sx)) if sy != sx else int(sy)
        try:
            want = matrix(fixtures / result)
        except ValueError:
            with pytest.raises(convanim.Error):
                convanim.conv2d(img, k, mode=mode, stride=stride)
            continue
        y = convanim.conv2d(img, k, mode=mode, stride=stride)
        assert y.shape == want.shape, case
        assert np.abs(y - want).max() <= 1e-12 * np.abs(img).sum() * np.abs(k).sum(), case


def test_conv2d_takes_a_named_kernel():
    image = np.arange(30.0).reshape(5, 6)
    want = np.zeros((7, 8))
    # box:size=3 is 1/9 everywhere: its full convolution sums 3x3 windows
    padded = np.pad(image, 2)
    for r in range(7):
        for c in range(8):
            want[r, c] = padded[r:r + 3, c:c + 3].sum() / 9
    np.testing.assert_allclose(convanim.conv2d(image, "box:size=3"), want, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(convanim.conv2d(image, "identity:size=3", mode="same"), image)


@pytest.mark.parametrize("args, kwargs, message", [
    ((np.ones((3, 3)), "sobel:up"), {},
     "unknown direction 'up' (directions: vert, horiz, ldiag, rdiag)"),
    ((np.ones((3, 3)), np.ones((4, 4))), {"mode": "valid"},
     "the kernel's 4 rows (4 dilated by 1) do not fit in the 3 rows of the "
     "padded input"),
    ((np.ones((3, 3)), np.ones((2, 2))), {"stride": 0}, "the stride must be at least 1 (got 0,0)"),
    ((np.ones((3, 3)), np.ones((2, 2))), {"stride": (1, 2, 3)},
     "stride wants a whole number or a pair (rows, columns) (got (1, 2, 3))"),
    ((np.ones((3, 3)), np.ones((2, 2))), {"stride": 1.5}, "stride wants a whole number (got 1.5)"),
    ((np.ones(3), np.ones((2, 2))), {}, "image is 1-D; it wants a 2-D array"),
    ((np.ones((0, 3)), np.ones((2, 2))), {}, "image: 3x0 is not an image size"),
    ((np.ones((3, 3)), np.ones((2, 0))), {}, "kernel: 0x2 is not an image size"),
    ((np.ones((3, 3)), np.ones((2, 2))), {"mode": "wide"},
     "unknown mode 'wide' (modes: full, same, valid)"),
])
def test_conv2d_refuses_bad_input_in_words(args, kwargs, message):
    with pytest.raises(convanim.Error) as caught:
        convanim.conv2d(*args, **kwargs)
    assert str(caught.value) == message


@pytest.mark.parametrize("spec", ["sawtoth", "decay:n=0", "values:1;x", "/nonexistent.csv"])
def test_signal_refuses_a_bad_spec_with_the_commands_sentence(cli, capfd, spec):
    run = cli("signal", spec)
    assert run.returncode == 2 and run.stderr.startswith("convanim: ")
    with pytest.raises(convanim.Error) as caught:
        convanim.signal(spec)
    assert str(caught.value) == run.stderr[len("convanim: "):].rstrip("\n")
    capfd.readouterr()
    with pytest.raises(convanim.Error) as caught:
        convanim.signal(5)
    assert str(caught.value) == "spec wants a string (got 5)"
    assert capfd.readouterr() == ("", "")
