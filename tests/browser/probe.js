// Measures the rendered report from inside the page and writes what it found
// into a pre element (id probe), one "name value" line each, for report_in_chromium.cmake
// to read from the dumped DOM. Appended to a copy of the report by the test,
// never shipped.
(function () {
  var lines = [];
  var say = function (name, value) { lines.push(name + ' ' + value); };
  // Folded lists are measured open: what a reader can open must fit too.
  document.querySelectorAll('details').forEach(function (d) { d.open = true; });
  var root = document.documentElement;
  say('viewport', window.innerWidth);
  say('page-overflow', root.scrollWidth > root.clientWidth ? root.scrollWidth + '>' + root.clientWidth : 'none');

  // Every table and chart: no wider than its container, and its container
  // not scrolling sideways.
  var checked = 0;
  document.querySelectorAll('table, svg.chart').forEach(function (el) {
    var box = el.getBoundingClientRect();
    var container = el.parentElement;
    var name = el.tagName.toLowerCase() + '#' + (el.id || el.getAttribute('data-table') || '?');
    checked += 1;
    if (box.width > container.clientWidth + 0.5 || container.scrollWidth > container.clientWidth) {
      say('overflow', name + ' ' + Math.round(box.width) + '>' + container.clientWidth);
    }
  });
  say('measured', checked);

  // The full corridor tables (with service rows; with a published value
  // only): one row per corridor between them.
  var table = document.getElementById('all-corridors');
  say('corridor-rows', document.querySelectorAll('table.sortable tbody tr.corridor').length);
  say('corridor-groups', table ? table.querySelectorAll('tbody tr.group').length : -1);

  // Sorting: a click on "Average %" orders each country's rows by average,
  // a second click reverses them.
  var ordered = function (sign) {
    var ok = true;
    table.querySelectorAll('tbody').forEach(function (group) {
      var values = Array.prototype.map.call(group.querySelectorAll('tr.corridor'), function (r) {
        return parseFloat(r.dataset.average);
      });
      for (var i = 1; i < values.length; i++) {
        if (sign * (values[i] - values[i - 1]) < 0) ok = false;
      }
    });
    return ok;
  };
  var button = table && table.querySelector('th[data-key="average"] button');
  if (button) {
    button.click();
    var up = ordered(1);
    button.click();
    var down = ordered(-1);
    say('sort', up && down ? 'ok' : 'wrong-order');
  } else {
    say('sort', 'no-button');
  }

  // The trend chart: axis titles, and the last tick label inside the viewBox.
  var trend = document.getElementById('chart-trend');
  if (trend) {
    say('trend-axis-titles', Array.prototype.map.call(trend.querySelectorAll('text.axis-title'), function (t) {
      return t.textContent;
    }).join('|'));
    var ticks = trend.querySelectorAll('text.tick-x');
    var last = ticks[ticks.length - 1];
    if (last) {
      var bb = last.getBBox();
      var vb = trend.viewBox.baseVal;
      var inside = bb.x >= vb.x && bb.x + bb.width <= vb.x + vb.width && bb.y >= vb.y &&
                   bb.y + bb.height <= vb.y + vb.height;
      say('trend-last-tick', (inside ? 'inside ' : 'outside ') + last.textContent + ' ' + Math.round(bb.x) + '+' +
          Math.round(bb.width) + ' of ' + vb.width);
    } else {
      say('trend-last-tick', 'no-tick-labels');
    }
    say('trend-legend', trend.querySelectorAll('.legend-item').length);
  }
  var pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = '\n' + lines.join('\n') + '\n';
  document.body.appendChild(pre);
})();
