/* convanim's stepping player. Every figure of class convanim on the page
 * gets play/pause, step back and forward, a scrubber over the output steps,
 * a speed, the keys space, left, right, Home and End, and the current
 * frame's caption as text. The frames come from the GIF itself, decoded
 * by the browser (ImageDecoder), so the page needs no second copy of the
 * pictures: read by its link, or from the data: URI a page that carries
 * the GIF has as the img's src (that one plays from a file: URL too); a
 * browser without ImageDecoder, or a GIF it cannot read, keeps the plain
 * GIF with its reduced-motion poster, says why under it and lists every
 * step in words. The captions and delays come from the animation's
 * description (the JSON of --describe) in the figure. */
"use strict";
(function () {
  const reduce = matchMedia("(prefers-reduced-motion: reduce)").matches;

  /* #step=N: the output step to open on, paused; null when absent. */
  function linkedStep() {
    const m = /(?:^#|&)step=(\d+)/.exec(location.hash);
    return m ? Number(m[1]) : null;
  }

  function readBytes(url) {
    /* XMLHttpRequest, not fetch: it also reads a page's neighbour on a
     * file: URL where the browser allows it; both browsers let any page
     * read a data: URI */
    return new Promise(function (resolve, reject) {
      const req = new XMLHttpRequest();
      req.open("GET", url);
      req.responseType = "arraybuffer";
      req.onload = function () {
        if (req.response && (req.status === 200 || req.status === 0))
          resolve(req.response);
        else
          reject(new Error("status " + req.status));
      };
      req.onerror = function () { reject(new Error("cannot read " + url)); };
      req.send();
    });
  }

  /* A frame's caption as text: the drawn caption (the description gives it
   * as it reads), its runs of blanks as commas; where nothing is drawn (the
   * seed layout), the output sample the frame reaches, by its true index
   * (x, where it stands on the axis; n counts the output's samples). */
  function captionOf(frame, desc) {
    const drawn = (frame.caption || "").trim().replace(/\s{2,}/g, ", ");
    if (drawn !== "")
      return drawn;
    if (frame.kind !== "step" || frame.value === null)
      return "Step " + (frame.index + 1) + " of " + desc.frames.length + ".";
    const value = Number(frame.value.toPrecision(4));
    return desc.continuous
      ? "t = " + Number(frame.x.toPrecision(4)) + ": y(t) = " + value
      : "n = " + frame.x + ": y[" + frame.x + "] = " + value;
  }

  /* The figure's description (the JSON of --describe), or null. */
  function describe(figure) {
    const data = figure.querySelector("script.convanim-describe");
    const desc = data ? JSON.parse(data.textContent) : null;
    return desc && desc.frames ? desc : null;
  }

  /* The description's frames, captions in words, or plain ones when it
   * has none or describes other frames than the GIF's. */
  function framesOf(figure, count) {
    const desc = describe(figure);
    if (desc && desc.frames.length === count)
      return desc.frames.map(function (f) {
        return { delay_ms: f.delay_ms, kind: f.kind, n: f.n, caption: captionOf(f, desc) };
      });
    const plain = [];
    /* delay_ms null: the GIF's own delay, read as each frame is decoded */
    for (let i = 0; i < count; i++)
      plain.push({ delay_ms: null, kind: "step", n: i,
                   caption: "Frame " + (i + 1) + " of " + count + "." });
    return plain;
  }

  function setUp(figure) {
    const img = figure.querySelector("img");
    const controls = figure.querySelector(".convanim-controls");
    const caption = figure.querySelector(".convanim-caption");
    figure.dataset.state = reduce ? "paused" : "playing";
    if (typeof ImageDecoder === "undefined") {
      fallBack(figure, caption, "This browser cannot step through the animation.");
      return;
    }
    /* the frames of the rendering this screen gets: the narrow one on a phone */
    const narrow = figure.querySelector("source[data-narrow]");
    const source = narrow && matchMedia(narrow.media).matches ? narrow : null;
    const url = source ? source.getAttribute("srcset") : img.getAttribute("src");
    const size = source || img;
    readBytes(url).then(function (bytes) {
      const decoder = new ImageDecoder({ data: bytes, type: "image/gif" });
      return decoder.tracks.ready.then(function () {
        return decoder.completed;
      }).then(function () {
        start(figure, img, controls, caption, decoder,
              Number(size.getAttribute("width")), Number(size.getAttribute("height")));
      });
    }).catch(function () {
      /* Firefox lets no page opened from a file read another file (nor
       * does Chromium unless started with --allow-file-access-from-files) */
      fallBack(figure, caption, location.protocol === "file:"
        ? "This browser cannot step through the animation on a page opened from a file; "
          + "open the page from a web server to step through it."
        : "This browser cannot read the animation to step through it.");
    });
  }

  /* A player that cannot start: the GIF as it is, why, and the caption of
   * every step in a list the reader opens. */
  function fallBack(figure, caption, why) {
    caption.textContent = why;
    const desc = describe(figure);
    if (!desc)
      return;
    const list = document.createElement("ol");
    desc.frames.forEach(function (f) {
      if (f.kind === "step")
        list.appendChild(document.createElement("li")).textContent = captionOf(f, desc);
    });
    const steps = document.createElement("details");
    steps.className = "convanim-steps";
    steps.appendChild(document.createElement("summary")).textContent = "Every step in words";
    steps.appendChild(list);
    caption.after(steps);
  }

  function start(figure, img, controls, caption, decoder, width, height) {
    const count = decoder.tracks.selectedTrack.frameCount;
    const frames = framesOf(figure, count);
    const steps = [];
    frames.forEach(function (f, i) {
      if (f.kind === "step")
        steps.push(i);
    });
    if (steps.length === 0)
      steps.push(count - 1);

    const canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    canvas.className = "convanim-frame";
    canvas.tabIndex = 0;
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", img.alt);
    const context = canvas.getContext("2d");
    const picture = img.closest("picture") || img;
    picture.replaceWith(canvas);

    const button = function (act) { return controls.querySelector("[data-act=" + act + "]"); };
    const play = button("play"), back = button("back"), forward = button("forward");
    const scrubber = controls.querySelector("input[type=range]");
    const speed = controls.querySelector("select");
    scrubber.max = String(steps.length - 1);
    controls.hidden = false;

    let current = -1, timer = null, drawn = 0, gifDelay = 100;

    function show(i) {
      current = i;
      const ticket = ++drawn;
      decoder.decode({ frameIndex: i }).then(function (result) {
        if (ticket === drawn) {
          if (!canvas.width) {
            /* a figure without its size: the GIF's own */
            canvas.width = result.image.displayWidth;
            canvas.height = result.image.displayHeight;
          }
          context.drawImage(result.image, 0, 0, canvas.width, canvas.height);
          gifDelay = (result.image.duration || 100000) / 1000;
        }
        result.image.close();
      });
      caption.textContent = frames[i].caption;
      /* the step the scrubber shows: the last one reached */
      let s = 0;
      while (s + 1 < steps.length && steps[s + 1] <= i)
        s++;
      scrubber.value = String(s);
      scrubber.setAttribute("aria-valuetext", "step " + (s + 1) + " of " + steps.length);
    }

    function setPlaying(on) {
      clearTimeout(timer);
      timer = null;
      figure.dataset.state = on ? "playing" : "paused";
      play.textContent = on ? "Pause" : "Play";
      /* a screen reader hears the caption of the step it stops on, not
       * every frame going by */
      caption.setAttribute("aria-busy", on ? "true" : "false");
      if (on)
        tick();
    }

    function tick() {
      const own = frames[current].delay_ms;
      const delay = (own === null ? gifDelay : own) / Number(speed.value);
      timer = setTimeout(function () {
        show((current + 1) % count);
        tick();
      }, Math.max(delay, 10));
    }

    /* the step before or after the frame shown, paused */
    function step(by) {
      setPlaying(false);
      let s = Number(scrubber.value);
      if (by > 0 && steps[s] <= current)
        s++;
      if (by < 0 && steps[s] >= current)
        s--;
      show(steps[Math.min(Math.max(s, 0), steps.length - 1)]);
    }

    function goTo(s) {
      setPlaying(false);
      show(steps[Math.min(Math.max(s, 0), steps.length - 1)]);
    }

    play.addEventListener("click", function () { setPlaying(figure.dataset.state !== "playing"); });
    back.addEventListener("click", function () { step(-1); });
    forward.addEventListener("click", function () { step(1); });
    scrubber.addEventListener("input", function () { goTo(Number(scrubber.value)); });
    figure.addEventListener("keydown", function (event) {
      if (event.target === speed || event.altKey || event.ctrlKey || event.metaKey)
        return;
      const keys = {
        " ": function () { setPlaying(figure.dataset.state !== "playing"); },
        ArrowLeft: function () { step(-1); },
        ArrowRight: function () { step(1); },
        Home: function () { goTo(0); },
        End: function () { goTo(steps.length - 1); }
      };
      if (keys[event.key]) {
        /* the key is the player's: no button click, no scrubber move */
        event.preventDefault();
        keys[event.key]();
      }
    });

    const linked = linkedStep();
    if (linked !== null) {
      const s = steps.findIndex(function (i) { return frames[i].n === linked; });
      goTo(s < 0 ? Math.min(linked, steps.length - 1) : s);
    } else if (reduce) {
      /* the poster: the last frame */
      setPlaying(false);
      show(count - 1);
    } else {
      show(0);
      setPlaying(true);
    }
  }

  document.querySelectorAll("figure.convanim").forEach(setUp);
})();
