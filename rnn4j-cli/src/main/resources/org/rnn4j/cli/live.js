// The live view of a training run: polls state.json and draws four small line plots on canvases.
// No library and no network beyond this server; the page keeps its last state when the run ends.
(function () {
  "use strict";
  var POLL_MS = 500;
  var colors = { train: "#1f77b4", validation: "#d62728", threshold: "#ff7f0e" };

  function finite(v) { return typeof v === "number" && isFinite(v); }

  function smooth(y, window) {
    var out = [], sum = 0, count = 0, queue = [];
    for (var i = 0; i < y.length; i++) {
      var v = finite(y[i]) ? y[i] : null;
      queue.push(v);
      if (v !== null) { sum += v; count++; }
      if (queue.length > window) {
        var old = queue.shift();
        if (old !== null) { sum -= old; count--; }
      }
      out.push(count > 0 ? sum / count : null);
    }
    return out;
  }

  function format(v) {
    if (!finite(v)) { return "-"; }
    var a = Math.abs(v);
    if (a >= 10000) { return (v / 1000).toFixed(1) + "k"; }
    if (a >= 100) { return v.toFixed(0); }
    if (a >= 1) { return v.toFixed(3); }
    return v.toPrecision(3);
  }

  // lines: [{x: [...], y: [...], color, dots, dash}]; returns the number of points drawn
  function plot(canvas, lines, yLabel, yMin, yMax) {
    var ratio = window.devicePixelRatio || 1;
    var w = canvas.clientWidth, h = canvas.clientHeight;
    canvas.width = w * ratio;
    canvas.height = h * ratio;
    var g = canvas.getContext("2d");
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, w, h);
    var left = 56, right = 10, top = 10, bottom = 28;
    var xs = [], ys = [], points = 0;
    lines.forEach(function (l) {
      for (var i = 0; i < l.x.length; i++) {
        if (finite(l.y[i])) { xs.push(l.x[i]); ys.push(l.y[i]); points++; }
      }
    });
    g.fillStyle = "#555";
    g.font = "11px sans-serif";
    if (points === 0) {
      g.fillText("no data yet", left, top + 20);
      return 0;
    }
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = yMin !== undefined ? yMin : Math.min.apply(null, ys);
    var y1 = yMax !== undefined ? yMax : Math.max.apply(null, ys);
    if (x1 === x0) { x1 = x0 + 1; }
    if (y1 === y0) { y1 = y0 + 1; }
    var pad = (y1 - y0) * 0.08;
    if (yMin === undefined) { y0 -= pad; }
    if (yMax === undefined) { y1 += pad; }
    function px(x) { return left + (x - x0) / (x1 - x0) * (w - left - right); }
    function py(y) { return top + (1 - (y - y0) / (y1 - y0)) * (h - top - bottom); }
    g.strokeStyle = "#ccc";
    g.lineWidth = 1;
    g.strokeRect(left, top, w - left - right, h - top - bottom);
    for (var t = 0; t <= 4; t++) {
      var yv = y0 + (y1 - y0) * t / 4;
      g.fillText(format(yv), 4, py(yv) + 4);
      var xv = x0 + (x1 - x0) * t / 4;
      g.fillText(Math.round(xv).toString(), px(xv) - 10, h - 10);
    }
    g.fillText(yLabel, left + 6, top + 12);
    lines.forEach(function (l) {
      g.strokeStyle = l.color;
      g.fillStyle = l.color;
      g.lineWidth = l.width || 1.5;
      g.setLineDash(l.dash || []);
      g.beginPath();
      var started = false;
      for (var i = 0; i < l.x.length; i++) {
        if (!finite(l.y[i])) { continue; }
        var cx = px(l.x[i]), cy = py(l.y[i]);
        if (l.dots) {
          g.fillRect(cx - 2.5, cy - 2.5, 5, 5);
        } else if (!started) {
          g.moveTo(cx, cy);
          started = true;
        } else {
          g.lineTo(cx, cy);
        }
      }
      g.stroke();
      g.setLineDash([]);
    });
    return points;
  }

  function draw(s) {
    document.getElementById("title").textContent = s.title;
    var unit = s.unit;
    var loss = s.loss, val = s.validation;
    var lastVal = val.y.length > 0 ? val.y[val.y.length - 1] : null;
    var lastLoss = loss.y.length > 0 ? smooth(loss.y, 20)[loss.y.length - 1] : null;
    var speed = s.throughput.y.length > 0 ? s.throughput.y[s.throughput.y.length - 1] : null;
    var status = document.getElementById("status");
    status.textContent = (s.running ? "training" : "finished (" + s.reason + ")") + " | step " + s.step
      + " | loss " + format(lastLoss) + " " + unit
      + (lastVal !== null ? " | " + s.validation_label + " " + format(lastVal) + " " + unit : "")
      + (speed !== null ? " | " + format(speed) + " " + s.throughput_unit : "")
      + (s.running ? "" : " | the server has stopped; this is the run's final state");
    status.className = s.running ? "" : "ended";
    var lossCanvas = document.getElementById("loss");
    var n = plot(lossCanvas, [
      { x: loss.x, y: smooth(loss.y, Math.max(1, Math.floor(loss.y.length / 50))), color: colors.train },
      { x: val.x, y: val.y, color: colors.validation, dots: true }
    ], "loss (" + unit + ")");
    lossCanvas.setAttribute("data-points", loss.x.length.toString());
    lossCanvas.setAttribute("data-last-step", loss.x.length ? loss.x[loss.x.length - 1].toString() : "0");
    lossCanvas.setAttribute("data-validations", val.x.length.toString());
    document.getElementById("loss-caption").textContent = "Training loss (moving average, " + unit
      + ") and " + s.validation_label + " (dots)";
    var gradLines = [{ x: s.grad_norm.x, y: s.grad_norm.y, color: colors.train }];
    if (finite(s.clip_threshold) && s.grad_norm.x.length > 0) {
      var gx = s.grad_norm.x;
      gradLines.push({ x: [gx[0], gx[gx.length - 1]], y: [s.clip_threshold, s.clip_threshold],
        color: colors.threshold, dash: [8, 4], width: 2.5 });
    }
    var gradCanvas = document.getElementById("grad");
    plot(gradCanvas, gradLines, "global L2 norm", 0);
    gradCanvas.setAttribute("data-points", s.grad_norm.x.length.toString());
    var clipCanvas = document.getElementById("clip");
    plot(clipCanvas, [{ x: s.clip_rate.x, y: s.clip_rate.y, color: colors.train }], "share clipped", 0, 1);
    clipCanvas.setAttribute("data-points", s.clip_rate.x.length.toString());
    var speedCanvas = document.getElementById("speed");
    plot(speedCanvas, [{ x: s.throughput.x, y: s.throughput.y, color: colors.train }], s.throughput_unit, 0);
    speedCanvas.setAttribute("data-points", s.throughput.x.length.toString());
    document.getElementById("speed-caption").textContent = "Throughput (" + s.throughput_unit + ", over the run so far)";
    if (s.samples.length > 0) {
      document.getElementById("samples-part").hidden = false;
      var box = document.getElementById("samples");
      box.textContent = "";
      s.samples.forEach(function (e) {
        var h = document.createElement("h3");
        h.textContent = "after step " + e.step;
        var p = document.createElement("pre");
        p.textContent = e.text;
        box.appendChild(h);
        box.appendChild(p);
      });
    }
    document.body.setAttribute("data-running", s.running ? "true" : "false");
    return n;
  }

  function poll() {
    fetch("state.json", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (s) {
      draw(s);
      if (s.running) { setTimeout(poll, POLL_MS); }
    }).catch(function () {
      // the server is gone: the run has ended, and the page keeps what it last drew
      var status = document.getElementById("status");
      status.textContent += " | the server has stopped";
    });
  }
  poll();
})();
